version 1
shell /bin/bash
shell /bin/sh
