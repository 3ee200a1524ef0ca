/*
 * uml-xstate.so - LD_PRELOAD shim for Debian bookworm's user-mode-linux (6.1) on hosts whose
 * XSAVE area is larger than the fixed buffer UML 6.1 was built with, e.g. CPUs with AMX.
 *
 * UML saves and restores a guest thread's FPU state with PTRACE_GETREGSET / PTRACE_SETREGSET
 * (NT_X86_XSTATE) and a buffer of a size fixed at build time: 2696 bytes (x87, SSE, AVX,
 * AVX-512 and PKRU in the standard layout).  The host kernel accepts a short GET but refuses a
 * SET of anything but its whole XSAVE image (-EFAULT), so where that image is larger (11008
 * bytes on a Sapphire Rapids host with AMX) the guest's init dies at once with
 * "userspace - ptrace set fp regs failed, errno = 14" and a kernel panic.  (Newer UML kernels
 * size the buffer from the host; bookworm's does not.)
 *
 * This shim wraps ptrace(): for an NT_X86_XSTATE regset shorter than the host's, a GET reads the
 * whole image, keeps it in a table keyed by UML's buffer (one buffer per guest thread) and hands
 * UML its prefix; a SET writes UML's prefix over the kept image of the same buffer (or over the
 * tracee's current state, for a buffer not seen yet) and sets the whole image.  So the state
 * beyond UML's buffer follows each guest thread across UML's switches between the threads of one
 * guest process, which share one host process.  (Guest code cannot enable AMX, whose tiles are
 * that state today, but a future host may have user state there that needs no enabling.)
 * Regsets of the full size, and every other request, go straight to ptrace.
 *
 * Built and preloaded by tests/guest/vm.sh; used only for linux.uml.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/uio.h>

#define SLOTS 1024 /* guest threads whose extended state is kept; more only degrade gracefully */

typedef long (*ptrace_fn)(int, ...);

static ptrace_fn real_ptrace;
static size_t full;	     /* the host's NT_X86_XSTATE size; 0 = not known yet */
static unsigned char *store; /* SLOTS images of `full` bytes, then one scratch image */
static const void *keys[SLOTS];

static long call(int req, pid_t pid, void *addr, void *data)
{
	if (!real_ptrace)
		real_ptrace = (ptrace_fn)dlsym(RTLD_NEXT, "ptrace");
	return real_ptrace(req, pid, addr, data);
}

/* learn the host's image size from a GET with a buffer larger than any XSAVE area */
static int learn(pid_t pid)
{
	static unsigned char probe[1 << 16];
	struct iovec io = { probe, sizeof(probe) };
	void *p;

	if (full)
		return 0;
	if (call(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &io) < 0)
		return -1;
	p = mmap(NULL, (SLOTS + 1) * io.iov_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	store = p;
	full = io.iov_len;
	return 0;
}

/* the slot kept for UML's buffer `key`; with `claim`, take one (evicting on a full table) */
static unsigned char *slot(const void *key, int claim)
{
	size_t h = ((uintptr_t)key >> 6) * 0x9E3779B97F4A7C15ull >> 54; /* 10 bits: SLOTS */
	size_t i;

	for (i = 0; i < SLOTS; i++) {
		size_t s = (h + i) % SLOTS;
		if (keys[s] == key)
			return store + s * full;
		if (!keys[s]) {
			if (!claim)
				return NULL;
			keys[s] = key;
			return store + s * full;
		}
	}
	if (!claim)
		return NULL;
	keys[h] = key;
	return store + h * full;
}

static long xstate(int req, pid_t pid, struct iovec *uio)
{
	struct iovec io;
	unsigned char *img;
	size_t n;
	long r;

	if (!uio || learn(pid) < 0 || uio->iov_len >= full)
		return call(req, pid, (void *)NT_X86_XSTATE, uio);
	n = uio->iov_len;
	if (req == PTRACE_GETREGSET) {
		img = slot(uio->iov_base, 1);
		io = (struct iovec){ img, full };
		r = call(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &io);
		if (r < 0)
			return r;
		memcpy(uio->iov_base, img, n);
		return r;
	}
	img = slot(uio->iov_base, 0);
	if (!img) {
		img = store + SLOTS * full; /* scratch: start from the tracee's current state */
		io = (struct iovec){ img, full };
		r = call(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &io);
		if (r < 0)
			return r;
	}
	memcpy(img, uio->iov_base, n);
	io = (struct iovec){ img, full };
	return call(PTRACE_SETREGSET, pid, (void *)NT_X86_XSTATE, &io);
}

long ptrace(enum __ptrace_request req, ...)
{
	va_list ap;
	pid_t pid;
	void *addr, *data;
	int saved;

	va_start(ap, req);
	pid = va_arg(ap, pid_t);
	addr = va_arg(ap, void *);
	data = va_arg(ap, void *);
	va_end(ap);
	if ((req == PTRACE_GETREGSET || req == PTRACE_SETREGSET) && (uintptr_t)addr == NT_X86_XSTATE) {
		saved = errno;
		long r = xstate(req, pid, data);
		if (r >= 0)
			errno = saved;
		return r;
	}
	return call(req, pid, addr, data);
}
