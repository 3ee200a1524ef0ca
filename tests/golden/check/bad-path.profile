version 1
hide relative/path
bind_ro /usr/../etc /mnt
bind_rw /srv//data
