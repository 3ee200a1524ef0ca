version 1
tmpfs /scratch 12Q
tmpfs /scratch2 -1
umask 0888
