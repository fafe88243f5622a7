// SPDX-License-Identifier: GPL-2.0
/*
 * ptlab: a lab-only window between pte_offset_map_{ro|rw}_nolock() and the
 * PTE lock, so that a reader can watch another CPU detach the table and
 * watch the pmd_same() recheck notice it.
 *
 * A site is armed for one process and one address.  The next time that site
 * maps the PTE table covering the address in that process's mm, it spins,
 * with interrupts on and preemptible, until the window is released through
 * debugfs or a timeout passes.  Then the site goes on exactly as it would
 * have without the window.
 *
 * The spin sits inside the RCU read-side critical section that the map
 * opened, so it must not sleep or call cond_resched(): doing so would end
 * that section's protection of the table early, and DEBUG_ATOMIC_SLEEP would
 * say so.  That is why CONFIG_PTLAB needs a preemptible kernel: the spinning
 * task can still be preempted, and preemptible RCU then keeps the table
 * alive until the task leaves the section.
 *
 * debugfs, in /sys/kernel/debug/ptlab/:
 *   control  write "arm SITE PID ADDR [TIMEOUT_MS]", "release SITE" or
 *            "reset SITE"; with CONFIG_PTLAB_RECLAIM also "reclaim PID ADDR
 *            LEN" or "reclaim off" (mm/ptlab_reclaim.c).  Any other write
 *            fails with -EINVAL, changes nothing, and says why in the
 *            kernel log (rate limited) and in status's last_error line.
 *            SITE is mglru_walk (matches the PMD range of ADDR),
 *            filemap_recheck, uffd_move or khugepaged_collapse (match the
 *            page of ADDR; the last has a hook on 7.3 only); ADDR
 *            must be page aligned and mapped in PID's mm; the timeout
 *            defaults to 10 s and may be at most 15 s.
 *   status   one line per site: its state, counters and the last window's
 *            table, pmd values and recheck result; the reclaimer's line;
 *            last_error, why the last refused write was refused
 *
 * Copyright (C) 2026 Teaching Fork Maintainers
 */

#include <linux/ptlab.h>
#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#define PTLAB_TIMEOUT_MS	10000
#define PTLAB_TIMEOUT_MAX_MS	15000	/* well below the RCU stall timeout */
#define PTLAB_CMD_MAX		128

/**
 * enum ptlab_state - where a site is in its one-shot cycle
 * @PTLAB_IDLE: not armed
 * @PTLAB_ARMED: waiting for the site to map the armed address's table
 * @PTLAB_WINDOW: a task spins in the window
 * @PTLAB_RECHECK: the window closed; waiting for the site's recheck
 */
enum ptlab_state {
	PTLAB_IDLE,
	PTLAB_ARMED,
	PTLAB_WINDOW,
	PTLAB_RECHECK,
};

/**
 * struct ptlab_site_info - the state of one site, also read by GDB
 * @name: the site's name in debugfs
 * @rechecks: the site reports a pmd_same() recheck after the window
 * @state: an &enum ptlab_state value
 * @release: set by "release" to end the window
 * @mm: the armed mm, pinned with mmgrab() from "arm" until the site is idle
 *	again, and dropped then
 * @pid: the armed process, for status only
 * @addr: the armed user address
 * @timeout_ms: how long the window may last
 * @hits: windows opened
 * @recheck_failures: rechecks, after a window, that found the pmd changed
 * @timeouts: windows that ended by timeout rather than by release
 * @detached_walks: rechecks, after a window, that said "same" although the
 *	live pmd no longer pointed to the mapped table
 * @trylock_failures: windows after which the site did not get the PTE lock
 *	and so made no recheck
 * @task: the task in the last window; compared, never dereferenced, so that
 *	only that task's recheck is recorded
 * @cpu: the CPU that opened the last window
 * @table_pfn: the pfn of the PTE table mapped in the last window
 * @pmdp: where the pmd entry of the last window lives
 * @pmdval: the pmd value the site mapped the table from
 * @pmd_at_recheck: the live pmd entry read at the last recheck
 * @last_same: the last recheck's result (1 same, 0 changed, -1 none yet)
 *
 * Writers hold ptlab_lock, except @release, which the spinning task reads
 * locklessly.
 */
struct ptlab_site_info {
	const char *name;
	bool rechecks;
	int state;
	bool release;
	struct mm_struct *mm;
	pid_t pid;
	unsigned long addr;
	unsigned int timeout_ms;
	unsigned long hits;
	unsigned long recheck_failures;
	unsigned long timeouts;
	unsigned long detached_walks;
	unsigned long trylock_failures;
	struct task_struct *task;
	int cpu;
	unsigned long table_pfn;
	pmd_t *pmdp;
	pmd_t pmdval;
	pmd_t pmd_at_recheck;
	int last_same;
};

static struct ptlab_site_info ptlab_sites[PTLAB_NR_SITES] = {
	[PTLAB_MGLRU_WALK] = {
		.name = "mglru_walk", .rechecks = true, .last_same = -1,
	},
	[PTLAB_FILEMAP_RECHECK] = { .name = "filemap_recheck", .last_same = -1 },
	[PTLAB_UFFD_MOVE] = {
		.name = "uffd_move", .rechecks = true, .last_same = -1,
	},
	[PTLAB_KHUGEPAGED_COLLAPSE] = {
		.name = "khugepaged_collapse", .rechecks = true, .last_same = -1,
	},
};

/* Serializes debugfs writers, which may sleep, and ptlab_last_error. */
static DEFINE_MUTEX(ptlab_mutex);
/* Why the last refused control write was refused, for the status file. */
static char ptlab_last_error[PTLAB_CMD_MAX + 96];
/* Protects the sites' fields against the hooks, which must not sleep. */
static DEFINE_SPINLOCK(ptlab_lock);

/*
 * The live pmd entry covering @addr in @mm, or NULL when an upper level is
 * missing.  The callers hold @mm's mmap_lock or a VMA lock, so the upper
 * levels cannot be freed under them.
 */
static pmd_t *ptlab_pmdp(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd;
	p4d_t *p4d;
	pud_t *pud;

	pgd = pgd_offset(mm, addr);
	if (pgd_none(*pgd) || pgd_bad(*pgd))
		return NULL;
	p4d = p4d_offset(pgd, addr);
	if (p4d_none(*p4d) || p4d_bad(*p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (pud_none(*pud) || pud_bad(*pud) || pud_leaf(*pud))
		return NULL;
	return pmd_offset(pud, addr);
}

/*
 * Make @s idle and hand back its mm reference, which the caller drops with
 * mmdrop() after releasing ptlab_lock.  Called with ptlab_lock held.
 */
static struct mm_struct *ptlab_idle(struct ptlab_site_info *s)
{
	struct mm_struct *mm = s->mm;

	s->state = PTLAB_IDLE;
	s->mm = NULL;
	s->task = NULL;
	return mm;
}

/*
 * Drop a reference that ptlab_idle() handed back.  From a site's hook this is
 * never the last mm_count reference: the site works on @mm, whose mm_users
 * (the MGLRU walk's mmget_not_zero(), UFFDIO_MOVE's, or the faulting task's
 * own) hold one, so mmdrop() only decrements and does not free the mm in the
 * hook's atomic context.
 */
static void ptlab_drop_mm(struct mm_struct *mm)
{
	if (mm)
		mmdrop(mm);
}

static bool ptlab_matches(struct ptlab_site_info *s, struct mm_struct *mm,
			  unsigned long addr)
{
	if (s->mm != mm)
		return false;
	if (s == &ptlab_sites[PTLAB_MGLRU_WALK])
		return (addr & PMD_MASK) == (s->addr & PMD_MASK);
	return (addr & PAGE_MASK) == s->addr;
}

/*
 * The info of @site if it is in @state, or NULL.  A lockless look: every
 * site calls its hooks on every map, and an unarmed site must cost no lock.
 * The caller rechecks the state under ptlab_lock.
 */
static struct ptlab_site_info *ptlab_site_in(enum ptlab_site site,
					     enum ptlab_state state)
{
	if (WARN_ON_ONCE(site >= PTLAB_NR_SITES))
		return NULL;
	if (READ_ONCE(ptlab_sites[site].state) != state)
		return NULL;
	return &ptlab_sites[site];
}

/*
 * Is the caller the task of @s's last window, for the same table, back for
 * its recheck?  Called with ptlab_lock held.
 */
static bool ptlab_is_window_task(struct ptlab_site_info *s,
				 struct mm_struct *mm, unsigned long addr)
{
	lockdep_assert_held(&ptlab_lock);
	return s->state == PTLAB_RECHECK && s->task == current &&
	       ptlab_matches(s, mm, addr);
}

/*
 * A window is open: spin until released or timed out.  Kept out of line so
 * that a debugger can break here and only here when a window opens.
 */
static noinline bool ptlab_hold(struct ptlab_site_info *s)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(s->timeout_ms);

	while (!READ_ONCE(s->release)) {
		if (time_after(jiffies, deadline))
			return false;
		cpu_relax();
	}
	return true;
}

/**
 * ptlab_window() - open the lab window if @site is armed for @mm and @addr
 * @site: the calling site
 * @mm: the mm whose PTE table the site just mapped
 * @addr: a user address inside that table's range
 * @pte: the mapped PTE for @addr (or for the table's first entry)
 * @pmdval: the pmd value the table was mapped from (zero for ro sites)
 *
 * Called between pte_offset_map_{ro|rw}_nolock() and taking the PTE lock.
 * An armed site that matches spins here until released or timed out, then
 * returns, and the site goes on unchanged.
 *
 * Context: inside the RCU read-side critical section of the map; may spin
 * for up to the armed timeout but never sleeps.
 */
void ptlab_window(enum ptlab_site site, struct mm_struct *mm,
		  unsigned long addr, pte_t *pte, pmd_t pmdval)
{
	struct ptlab_site_info *s;
	struct mm_struct *drop = NULL;
	bool released;

	s = ptlab_site_in(site, PTLAB_ARMED);
	if (!s)
		return;

	spin_lock(&ptlab_lock);
	if (s->state != PTLAB_ARMED || !ptlab_matches(s, mm, addr)) {
		spin_unlock(&ptlab_lock);
		return;
	}
	s->state = PTLAB_WINDOW;
	s->hits++;
	s->task = current;
	s->cpu = raw_smp_processor_id();
	s->table_pfn = page_to_pfn(virt_to_page(pte));
	s->pmdp = ptlab_pmdp(mm, addr);
	s->pmdval = pmdval;
	s->pmd_at_recheck = __pmd(0);
	s->last_same = -1;
	spin_unlock(&ptlab_lock);

	released = ptlab_hold(s);

	spin_lock(&ptlab_lock);
	if (!released)
		s->timeouts++;
	s->release = false;
	if (s->rechecks)
		s->state = PTLAB_RECHECK;
	else
		drop = ptlab_idle(s);
	spin_unlock(&ptlab_lock);
	ptlab_drop_mm(drop);
}

/*
 * The site rechecked after a window, and @s holds what it saw: @s->pmdval,
 * @s->pmd_at_recheck and @s->last_same.  Kept out of line, and reading only
 * @s, so that a debugger can break here and read the site's fields, which
 * every kernel build keeps, rather than arguments that an optimized (or
 * KASAN) build may not.
 */
static noinline void ptlab_recheck_seen(struct ptlab_site_info *s)
{
	pmd_t live = s->pmd_at_recheck;

	if (!s->last_same)
		s->recheck_failures++;
	else if (!pmd_present(live) || pmd_leaf(live) ||
		 pmd_pfn(live) != s->table_pfn)
		s->detached_walks++;
	barrier();
}

/**
 * ptlab_recheck() - report a site's pmd_same() recheck under the PTE lock
 * @site: the calling site
 * @mm: the mm of the table
 * @addr: the address the site was called for
 * @pmdval: the pmd value the table was mapped from
 * @same: what the site's recheck decided
 *
 * Only the recheck that the task of the last window makes after it is
 * recorded.  Besides the site's own answer it reads the live pmd entry
 * itself: a recheck that answered "same" while the live entry no longer
 * installs the mapped table means the site is about to walk a table that is
 * no longer attached, and is counted as a detached walk.  A changed entry
 * that still installs the table (an Accessed bit flip) is not.
 *
 * Context: the site holds the PTE lock and the RCU read lock of the map.
 */
void ptlab_recheck(enum ptlab_site site, struct mm_struct *mm,
		   unsigned long addr, pmd_t pmdval, bool same)
{
	struct ptlab_site_info *s;
	struct mm_struct *drop = NULL;

	s = ptlab_site_in(site, PTLAB_RECHECK);
	if (!s)
		return;

	spin_lock(&ptlab_lock);
	if (ptlab_is_window_task(s, mm, addr)) {
		s->pmdval = pmdval;
		s->pmd_at_recheck = s->pmdp ? pmdp_get_lockless(s->pmdp) :
					      __pmd(0);
		s->last_same = same;
		ptlab_recheck_seen(s);
		drop = ptlab_idle(s);
	}
	spin_unlock(&ptlab_lock);
	ptlab_drop_mm(drop);
}

/**
 * ptlab_recheck_skipped() - report that a site will not recheck after all
 * @site: the calling site
 * @mm: the mm of the table
 * @addr: the address the site was called for
 *
 * A site that gives up on the PTE lock (the MGLRU walker's spin_trylock()
 * failed) makes no recheck.  If it is the task of the last window, the site
 * goes idle here, so that a later walk of the same PMD is not taken for
 * this window's recheck, and the armed mm is dropped.
 *
 * Context: inside the RCU read-side critical section of the map.
 */
void ptlab_recheck_skipped(enum ptlab_site site, struct mm_struct *mm,
			   unsigned long addr)
{
	struct ptlab_site_info *s;
	struct mm_struct *drop = NULL;

	s = ptlab_site_in(site, PTLAB_RECHECK);
	if (!s)
		return;

	spin_lock(&ptlab_lock);
	if (ptlab_is_window_task(s, mm, addr)) {
		s->trylock_failures++;
		drop = ptlab_idle(s);
	}
	spin_unlock(&ptlab_lock);
	ptlab_drop_mm(drop);
}

/*
 * Before an arm: an idle site holds no mm, since every way back to idle goes
 * through ptlab_idle(); warn, and drop it, if one was kept.  Called with
 * ptlab_mutex.
 */
static void ptlab_put_idle_mm(struct ptlab_site_info *s)
{
	struct mm_struct *mm = NULL;

	spin_lock(&ptlab_lock);
	if (WARN_ON_ONCE(s->state == PTLAB_IDLE && s->mm)) {
		mm = s->mm;
		s->mm = NULL;
	}
	spin_unlock(&ptlab_lock);
	ptlab_drop_mm(mm);
}

static struct ptlab_site_info *ptlab_find_site(const char *name)
{
	int i;

	for (i = 0; i < PTLAB_NR_SITES; i++)
		if (!strcmp(ptlab_sites[i].name, name))
			return &ptlab_sites[i];
	return NULL;
}

/* The mm of @nr, with an mmget() reference, or NULL. */
static struct mm_struct *ptlab_get_mm(pid_t nr)
{
	struct task_struct *task;
	struct mm_struct *mm;
	struct pid *pid;

	if (nr <= 0)
		return NULL;
	pid = find_get_pid(nr);
	if (!pid)
		return NULL;
	task = get_pid_task(pid, PIDTYPE_PID);
	put_pid(pid);
	if (!task)
		return NULL;
	mm = get_task_mm(task);
	put_task_struct(task);
	return mm;
}

/*
 * Refuse a control write: remember why for the status file's last_error
 * line, say it in the kernel log (rate limited), and return -EINVAL.
 * Called with ptlab_mutex held.
 */
static __printf(1, 2) int ptlab_reject(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(ptlab_last_error, sizeof(ptlab_last_error), fmt, args);
	va_end(args);
	pr_info_ratelimited("ptlab: control: %s\n", ptlab_last_error);
	return -EINVAL;
}

/* Is [@start, @start + @len) inside VMAs of @mm; one anonymous VMA if @anon? */
static bool ptlab_mapped(struct mm_struct *mm, unsigned long start,
			 unsigned long len, bool anon)
{
	struct vm_area_struct *vma;
	bool ok;

	mmap_read_lock(mm);
	vma = find_vma(mm, start);
	ok = vma && vma->vm_start <= start;
	if (ok && anon)
		ok = vma_is_anonymous(vma) && start + len <= vma->vm_end;
	mmap_read_unlock(mm);
	return ok;
}

static int ptlab_arm(struct ptlab_site_info *s, pid_t pid, unsigned long addr,
		     unsigned int timeout_ms)
{
	struct mm_struct *mm;
	int ret = 0;

	if (!addr || addr >= TASK_SIZE_MAX)
		return ptlab_reject("arm: %#lx is not a user address", addr);
	if (offset_in_page(addr))
		return ptlab_reject("arm: %#lx is not page aligned", addr);
	if (!timeout_ms || timeout_ms > PTLAB_TIMEOUT_MAX_MS)
		return ptlab_reject("arm: timeout %u ms is not in 1..%d",
				    timeout_ms, PTLAB_TIMEOUT_MAX_MS);
	mm = ptlab_get_mm(pid);
	if (!mm)
		return ptlab_reject("arm: no process %d with an mm", pid);
	if (!ptlab_mapped(mm, addr, PAGE_SIZE, false)) {
		ret = ptlab_reject("arm: %#lx is not mapped in process %d",
				   addr, pid);
		goto out;
	}

	spin_lock(&ptlab_lock);
	if (s->state != PTLAB_IDLE || s->mm) {
		ret = -EINVAL;
	} else {
		mmgrab(mm);
		s->mm = mm;
		s->pid = pid;
		s->addr = addr;
		s->timeout_ms = timeout_ms;
		s->release = false;
		s->state = PTLAB_ARMED;
	}
	spin_unlock(&ptlab_lock);
	if (ret)
		ptlab_reject("arm: site %s is busy; release it first", s->name);
out:
	mmput(mm);
	return ret;
}

/* "reclaim PID ADDR LEN" or "reclaim off": mm/ptlab_reclaim.c's range. */
static int ptlab_reclaim_command(int argc, char **argv)
{
	unsigned long addr, len;
	struct mm_struct *mm;
	int pid;

	if (!IS_ENABLED(CONFIG_PTLAB_RECLAIM))
		return ptlab_reject("unknown command 'reclaim': no CONFIG_PTLAB_RECLAIM");
	if (argc == 2 && !strcmp(argv[1], "off")) {
		if (ptlab_reclaim_disarm())
			return ptlab_reject("reclaim off: the reclaimer is not armed");
		return 0;
	}
	if (argc != 4)
		return ptlab_reject("reclaim: usage: reclaim PID ADDR LEN, or reclaim off");
	if (kstrtoint(argv[1], 10, &pid))
		return ptlab_reject("reclaim: pid '%s' is not a number", argv[1]);
	if (kstrtoul(argv[2], 0, &addr))
		return ptlab_reject("reclaim: address '%s' is not a number", argv[2]);
	if (kstrtoul(argv[3], 0, &len))
		return ptlab_reject("reclaim: length '%s' is not a number", argv[3]);
	if (!IS_ALIGNED(addr, PMD_SIZE) || !len || !IS_ALIGNED(len, PMD_SIZE))
		return ptlab_reject("reclaim: %#lx and %#lx: not non-zero multiples of %#lx",
				    addr, len, PMD_SIZE);
	if (!addr || addr >= TASK_SIZE_MAX || len > TASK_SIZE_MAX - addr)
		return ptlab_reject("reclaim: [%#lx, +%#lx) is not a user range",
				    addr, len);
	mm = ptlab_get_mm(pid);
	if (!mm)
		return ptlab_reject("reclaim: no process %d with an mm", pid);
	if (!ptlab_mapped(mm, addr, len, true)) {
		mmput(mm);
		return ptlab_reject("reclaim: [%#lx, +%#lx) is not inside one anonymous VMA of %d",
				    addr, len, pid);
	}
	ptlab_reclaim_arm(mm, pid, addr, len);
	mmput(mm);
	return 0;
}

static int ptlab_release(struct ptlab_site_info *s)
{
	struct mm_struct *drop = NULL;
	int ret = 0;

	spin_lock(&ptlab_lock);
	switch (s->state) {
	case PTLAB_ARMED:
	case PTLAB_RECHECK:	/* the site never reported its recheck */
		drop = ptlab_idle(s);
		break;
	case PTLAB_WINDOW:
		WRITE_ONCE(s->release, true);
		break;
	default:
		ret = -EINVAL;
	}
	spin_unlock(&ptlab_lock);
	ptlab_drop_mm(drop);
	return ret;
}

static int ptlab_reset(struct ptlab_site_info *s)
{
	int ret = 0;

	spin_lock(&ptlab_lock);
	if (s->state != PTLAB_IDLE) {
		ret = -EINVAL;
	} else {
		s->hits = 0;
		s->recheck_failures = 0;
		s->timeouts = 0;
		s->detached_walks = 0;
		s->trylock_failures = 0;
		s->last_same = -1;
	}
	spin_unlock(&ptlab_lock);
	return ret;
}

/* Split @buf into at most @max words; return how many, or -EINVAL. */
static int ptlab_split(char *buf, char **argv, int max)
{
	char *word;
	int argc = 0;

	while ((word = strsep(&buf, " \t\n"))) {
		if (!*word)
			continue;
		if (argc == max)
			return -EINVAL;
		argv[argc++] = word;
	}
	return argc;
}

/* One control command; called with ptlab_mutex held. */
static int ptlab_command(char *buf)
{
	struct ptlab_site_info *s;
	unsigned int timeout_ms = PTLAB_TIMEOUT_MS;
	unsigned long addr;
	char *argv[5];
	int argc, pid;

	argc = ptlab_split(buf, argv, ARRAY_SIZE(argv));
	if (argc < 0)
		return ptlab_reject("more than %zu words", ARRAY_SIZE(argv));
	if (!argc)
		return ptlab_reject("empty command");
	if (!strcmp(argv[0], "reclaim"))
		return ptlab_reclaim_command(argc, argv);
	if (strcmp(argv[0], "arm") && strcmp(argv[0], "release") &&
	    strcmp(argv[0], "reset"))
		return ptlab_reject("unknown command '%s' (arm, release, reset%s)",
				    argv[0], IS_ENABLED(CONFIG_PTLAB_RECLAIM) ?
				    ", reclaim" : "");
	if (argc < 2)
		return ptlab_reject("%s: no site given", argv[0]);
	s = ptlab_find_site(argv[1]);
	if (!s)
		return ptlab_reject("%s: unknown site '%s'", argv[0], argv[1]);

	if (!strcmp(argv[0], "arm")) {
		if (argc < 4)
			return ptlab_reject("arm: usage: arm SITE PID ADDR [TIMEOUT_MS]");
		if (kstrtoint(argv[2], 10, &pid))
			return ptlab_reject("arm: pid '%s' is not a number", argv[2]);
		if (kstrtoul(argv[3], 0, &addr))
			return ptlab_reject("arm: address '%s' is not a number", argv[3]);
		if (argc == 5 && kstrtouint(argv[4], 10, &timeout_ms))
			return ptlab_reject("arm: timeout '%s' is not a number", argv[4]);
		ptlab_put_idle_mm(s);
		return ptlab_arm(s, pid, addr, timeout_ms);
	}
	if (argc != 2)
		return ptlab_reject("%s: usage: %s SITE", argv[0], argv[0]);
	if (!strcmp(argv[0], "release")) {
		if (ptlab_release(s))
			return ptlab_reject("release: site %s is not armed", s->name);
		return 0;
	}
	if (ptlab_reset(s))
		return ptlab_reject("reset: site %s is busy; release it first", s->name);
	/* An idle site need not keep its last mm: let it be freed now. */
	ptlab_put_idle_mm(s);
	return 0;
}

static ssize_t ptlab_control_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	char *buf = NULL;
	int ret;

	mutex_lock(&ptlab_mutex);
	if (!count) {
		ret = ptlab_reject("empty write");
	} else if (count >= PTLAB_CMD_MAX) {
		ret = ptlab_reject("command too long: %zu bytes, at most %d",
				   count, PTLAB_CMD_MAX - 1);
	} else {
		buf = memdup_user_nul(ubuf, count);
		ret = IS_ERR(buf) ? PTR_ERR(buf) : ptlab_command(buf);
		if (IS_ERR(buf))
			buf = NULL;
	}
	mutex_unlock(&ptlab_mutex);
	kfree(buf);
	return ret ? ret : count;
}

static const char * const ptlab_state_names[] = {
	[PTLAB_IDLE] = "idle",
	[PTLAB_ARMED] = "armed",
	[PTLAB_WINDOW] = "window",
	[PTLAB_RECHECK] = "recheck",
};

static int ptlab_status_show(struct seq_file *m, void *v)
{
	struct ptlab_site_info *s, snap;
	int i;

	mutex_lock(&ptlab_mutex);
	for (i = 0; i < PTLAB_NR_SITES; i++) {
		s = &ptlab_sites[i];
		spin_lock(&ptlab_lock);
		snap = *s;
		spin_unlock(&ptlab_lock);
		seq_printf(m, "%s state=%s pid=%d addr=%#lx hits=%lu recheck_failures=%lu timeouts=%lu detached_walks=%lu",
			   snap.name, ptlab_state_names[snap.state], snap.pid,
			   snap.addr, snap.hits, snap.recheck_failures,
			   snap.timeouts, snap.detached_walks);
		seq_printf(m, " cpu=%d table_pfn=%#lx pmdval=%#llx pmd_at_recheck=%#llx last_same=%d\n",
			   snap.cpu, snap.table_pfn,
			   (unsigned long long)pmd_val(snap.pmdval),
			   (unsigned long long)pmd_val(snap.pmd_at_recheck),
			   snap.last_same);
	}
	if (IS_ENABLED(CONFIG_PTLAB_RECLAIM))
		ptlab_reclaim_show(m);
	seq_printf(m, "last_error: %s\n",
		   ptlab_last_error[0] ? ptlab_last_error : "none");
	mutex_unlock(&ptlab_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ptlab_status);

static const struct file_operations ptlab_control_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ptlab_control_write,
	.llseek = noop_llseek,
};

static int __init ptlab_init(void)
{
	struct dentry *dir = debugfs_create_dir("ptlab", NULL);

	debugfs_create_file("control", 0200, dir, NULL, &ptlab_control_fops);
	debugfs_create_file("status", 0444, dir, NULL, &ptlab_status_fops);
	return 0;
}
late_initcall(ptlab_init);
