version 1
bogus_directive /x
hide /opt
