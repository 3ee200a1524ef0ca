# secure_shell — GNU Makefile.  `make deps && make`, then `make check`.
PREFIX     ?= /usr/local
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
DESTDIR    ?=

CC         ?= cc
CLANG      ?= clang
PKG_CONFIG ?= pkg-config
PKGS       := libcap-ng libseccomp libapparmor

WARN    := -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wimplicit-fallthrough
HARDEN  := -D_FORTIFY_SOURCE=3 -fstack-protector-strong -fstack-clash-protection -fPIE
LDHARD  := -pie -Wl,-z,relro,-z,now -Wl,--as-needed
CFLAGS  ?= -O2 -g
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo -lcap-ng -lseccomp -lapparmor)
# the default of secure_shell.conf's sftp_server (Debian's; RHEL and Fedora: /usr/libexec/openssh/sftp-server)
SFTP_SERVER ?= /usr/lib/openssh/sftp-server
DEFS       := -DSS_SYSCONFDIR='"$(SYSCONFDIR)"' -DSS_SFTP_SERVER='"$(SFTP_SERVER)"'
# The three libraries are linked in statically (glibc stays shared: NSS needs it): a setuid
# program that maps three shared objects fewer starts about 0.15 ms sooner (docs/performance.md).
# The price: rebuild after a security update of libseccomp, libcap-ng or libapparmor.
# STATIC_LIBS=0 links them as shared libraries.
STATIC_LIBS ?= 1
ifeq ($(STATIC_LIBS),1)
SS_LIBS := -Wl,-Bstatic $(PKG_LIBS) -Wl,-Bdynamic
LINKED  := linked statically
else
SS_LIBS := $(PKG_LIBS)
LINKED  := shared
endif
# what `secure_shell --version` names: the library versions this binary was built with
LIB_VERSIONS := $(foreach p,$(PKGS),$(p) $(shell $(PKG_CONFIG) --modversion $(p) 2>/dev/null || echo '?'),)
DEFS += -DSS_BUILT_WITH='"$(LIB_VERSIONS) $(LINKED)"'
ALL_CFLAGS  = -std=gnu11 $(WARN) $(DEFS) $(PKG_CFLAGS) -Ilauncher -MMD -MP

SRC       := $(wildcard launcher/*.c)
CG_SRC    := $(wildcard cgroup/*.c)
OBJ       := $(SRC:launcher/%.c=build/obj/%.o) $(CG_SRC:cgroup/%.c=build/obj/cg-%.o)
ASAN_OBJ  := $(SRC:launcher/%.c=build/asan/%.o) $(CG_SRC:cgroup/%.c=build/asan/cg-%.o)
TIMING_OBJ := $(SRC:launcher/%.c=build/timing/%.o) $(CG_SRC:cgroup/%.c=build/timing/cg-%.o)
PARSE_SRC := $(wildcard launcher/parse*.c) launcher/syscalls.c
SECCOMP_LIBS := $(shell $(PKG_CONFIG) --libs libseccomp 2>/dev/null || echo -lseccomp)

.PHONY: all check unit integration guest asan install uninstall bench fuzz fuzz-regress deps clean lint format \
        format-check

all: build/secure_shell

build/secure_shell: $(OBJ) Makefile
	$(CC) $(LDHARD) $(LDFLAGS) -o $@ $(filter %.o,$^) $(SS_LIBS)

build/obj/%.o: launcher/%.c | build/obj
	$(CC) $(ALL_CFLAGS) $(HARDEN) $(CFLAGS) -c -o $@ $<
build/obj/cg-%.o: cgroup/%.c | build/obj
	$(CC) $(ALL_CFLAGS) $(HARDEN) $(CFLAGS) -c -o $@ $<

# The same program under ASan+UBSan, for the unprivileged lane of the test suite.
asan: build/asan/secure_shell
build/asan/secure_shell: $(ASAN_OBJ)
	$(CC) $(SANFLAGS) -o $@ $^ $(PKG_LIBS)
build/asan/%.o: launcher/%.c | build/asan
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) -c -o $@ $<
build/asan/cg-%.o: cgroup/%.c | build/asan
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) -c -o $@ $<

# The same program with phase marks on stderr (-DSS_TIMING, launcher/util.c ss_mark): for the
# "phases" section of make bench only, never installed.
build/tests/secure_shell-timing: $(TIMING_OBJ) Makefile | build/tests
	$(CC) $(LDHARD) $(LDFLAGS) -o $@ $(filter %.o,$^) $(SS_LIBS)
build/timing/%.o: launcher/%.c | build/timing
	$(CC) $(ALL_CFLAGS) -DSS_TIMING $(HARDEN) $(CFLAGS) -c -o $@ $<
build/timing/cg-%.o: cgroup/%.c | build/timing
	$(CC) $(ALL_CFLAGS) -DSS_TIMING $(HARDEN) $(CFLAGS) -c -o $@ $<

build/obj build/asan build/timing build/unit build/fuzz build/tests:
	mkdir -p $@

# ---- tests ----
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/unit/%) $(UNIT_SRC:tests/unit/%.c=build/unit/%-asan)
HELPERS  := build/tests/ss-probe build/tests/faultinj.so

build/unit/test_parse: tests/unit/test_parse.c $(PARSE_SRC) | build/unit
	$(CC) $(ALL_CFLAGS) $(HARDEN) $(CFLAGS) -Itests/unit -o $@ $^ $(SECCOMP_LIBS)
build/unit/test_parse-asan: tests/unit/test_parse.c $(PARSE_SRC) | build/unit
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) -Itests/unit -o $@ $^ $(SECCOMP_LIBS)
build/unit/test_%: tests/unit/test_%.c $(filter-out build/obj/main.o,$(OBJ)) | build/unit
	$(CC) $(ALL_CFLAGS) $(HARDEN) $(CFLAGS) -Itests/unit -o $@ $^ $(PKG_LIBS)
build/unit/test_%-asan: tests/unit/test_%.c $(filter-out build/asan/main.o,$(ASAN_OBJ)) | build/unit
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) -Itests/unit -o $@ $^ $(PKG_LIBS)

build/tests/ss-probe: tests/helpers/ss-probe.c | build/tests
	$(CC) -std=gnu11 $(WARN) -O2 -static -o $@ $<
build/tests/faultinj.so: tests/helpers/faultinj.c | build/tests
	$(CC) -std=gnu11 $(WARN) -O2 -shared -fPIC -o $@ $< -ldl

unit: $(UNIT_BIN)
	@tests/run-unit.sh $(UNIT_BIN)

integration: build/secure_shell build/asan/secure_shell $(HELPERS)
	@tests/integration/run.sh

guest: build/secure_shell build/asan/secure_shell $(HELPERS)
	@tests/guest/run.sh

check: all asan $(UNIT_BIN) $(HELPERS)
	@tests/run.sh

# ---- fuzzing (libFuzzer, clang) ----
FUZZ_BIN := build/fuzz/fuzz_config build/fuzz/fuzz_profile build/fuzz/fuzz_mountinfo
FUZZ_TARGETS := config profile mountinfo
build/fuzz/fuzz_mountinfo: tests/fuzz/fuzz_mountinfo.c launcher/mountinfo.c | build/fuzz
	$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Ilauncher -o $@ $^
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(PARSE_SRC) | build/fuzz
	$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Ilauncher -o $@ $^ $(SECCOMP_LIBS)
FUZZ_TIME ?= 60
fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus-$$f && \
	  build/fuzz/fuzz_$$f -max_total_time=$(FUZZ_TIME) -print_final_stats=1 build/fuzz/corpus-$$f tests/fuzz/corpus/$$f || exit 1; \
	done
# Replays the seed corpora only: quick, part of `make check`.
fuzz-regress: $(FUZZ_BIN)
	@for f in $(FUZZ_TARGETS); do build/fuzz/fuzz_$$f -runs=0 tests/fuzz/corpus/$$f >/dev/null 2>&1 || { echo "fuzz regression: $$f"; exit 1; }; done

# ---- benchmark (not a test) ----
bench: all build/tests/startlat build/tests/stamp build/tests/secure_shell-timing
	@tests/bench/run.sh
build/tests/startlat: tests/bench/startlat.c tests/bench/bench.h | build/tests
	$(CC) -std=gnu11 $(WARN) -O2 -o $@ $<
build/tests/stamp: tests/bench/stamp.c | build/tests
	$(CC) -std=gnu11 $(WARN) -O2 -static -o $@ $<

# ---- install ----
install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(SYSCONFDIR)/secure_shell/profiles \
	           $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(SYSCONFDIR)/apparmor.d
	install -m 4755 -o root -g root build/secure_shell $(DESTDIR)$(SBINDIR)/secure_shell
	install -m 0644 docs/secure_shell.8 $(DESTDIR)$(MANDIR)/man8/secure_shell.8
	install -m 0644 docs/secure_shell.profile.5 $(DESTDIR)$(MANDIR)/man5/secure_shell.profile.5
	@# configuration is the admin's: shipped files are installed only where none exists yet
	@for f in profiles/*.profile examples/secure_shell.conf; do \
	  case $$f in *.conf) d=$(DESTDIR)$(SYSCONFDIR)/secure_shell/secure_shell.conf ;; \
	              *) d=$(DESTDIR)$(SYSCONFDIR)/secure_shell/profiles/$${f#profiles/} ;; esac; \
	  if [ -e "$$d" ]; then echo "kept existing $$d (the shipped one is $$f)"; \
	  else install -m 0644 -o root -g root $$f "$$d"; fi; done
	install -m 0644 -o root -g root profiles/apparmor/secure_shell-session $(DESTDIR)$(SYSCONFDIR)/apparmor.d/
	install -d -m 0755 -o root -g root $(DESTDIR)/var/lib/secure_shell

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/secure_shell $(DESTDIR)$(MANDIR)/man8/secure_shell.8 \
	      $(DESTDIR)$(MANDIR)/man5/secure_shell.profile.5

# ---- dependencies (Debian) ----
DEB_PKGS := build-essential pkg-config libcap-ng-dev libseccomp-dev libapparmor-dev libpam0g-dev \
            clang clang-format libclang-rt-14-dev bubblewrap util-linux bsdextrautils procps shellcheck git \
            python3 openssh-client openssh-sftp-server tmux vim-tiny perl apparmor \
            user-mode-linux busybox-static openssh-server rsync ansible-core bindfs
deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEB_PKGS)

lint:
	shellcheck -x tests/*.sh tests/integration/*.sh tests/bench/*.sh tests/guest/*.sh tests/e2e/*.sh .ci/run

# C style: .clang-format (kernel-like).  `make format` rewrites, `make format-check` only checks.
C_FILES = $(wildcard launcher/*.[ch] cgroup/*.[ch] tests/unit/*.[ch] tests/helpers/*.c tests/bench/*.[ch] \
                     tests/fuzz/*.c tests/guest/*.c)
format:
	clang-format -i $(C_FILES)
format-check:
	clang-format --dry-run --Werror $(C_FILES)

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d) $(TIMING_OBJ:.o=.d)
