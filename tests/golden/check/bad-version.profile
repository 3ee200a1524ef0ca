version 2
hide /opt
