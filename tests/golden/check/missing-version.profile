# no version line
hide /opt
