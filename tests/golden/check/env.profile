version 1
env_keep LD_PRELOAD
env_set BASH_ENV /x
env_keep 1BAD
env_set OK "tab	here"
