version 1
hostname "unterminated
hide "/a\qb"
