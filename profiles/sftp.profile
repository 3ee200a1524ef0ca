version 1
# File transfer only: the inner shell is still needed to run sftp-server/scp/rsync as sshd asks,
# so this profile keeps the default filesystem and hides what file transfer never needs.
include strict
hostname sftp
