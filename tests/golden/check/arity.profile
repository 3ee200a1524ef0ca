version 1
bind_ro /a /b /c
hide
umask
