version 1
bind_rw /srv /home/x
tmpfs /proc/foo
hide /
hide /homework
