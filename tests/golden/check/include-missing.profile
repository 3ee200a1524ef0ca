version 1
include no-such-profile
