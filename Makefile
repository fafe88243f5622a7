# SPDX-License-Identifier: GPL-2.0
#
# The teaching fork of Linux 6.12 that carries pte_offset_map_{ro|rw}_nolock().
# 'make help' lists the targets. Nothing here is kernel source: 'make tree'
# builds it from Debian's linux-source-6.12 (the tested version, downloaded
# into build/debs), patches/ and the overlay.

SHELL := /bin/bash
S := scripts

.PHONY: all help deps deps-lab base-versions tree export kernel initramfs boot shell debug htmldocs diagrams \
	check-series selftests check bench clean lab-transcripts upstream lab-steps

# The docs are 6.12's (scripts/htmldocs.sh): RECIPE=7.3 make builds the rest.
all: deps tree kernel initramfs $(if $(filter 7.3,$(RECIPE)),,htmldocs) diagrams ## Everything: packages, tree, lab kernel, guest, docs (RECIPE=7.3: no docs)

help: ## This list
	@echo "Targets (variables: JOBS=n, DISCARD=1, CHECKS='name ...', BASE=VERSION|newest, RECIPE=6.12|7.3):"
	@echo "  RECIPE=7.3 selects today's kernel: Debian's linux-source-7.3, patches/7.3/, build/7.3/ (tree, kernel, boot, labs 3-6; README)"
	@grep -hE '^[a-zA-Z0-9_%-]+:.*## ' $(MAKEFILE_LIST) | \
		sed -E -e 's/^([^:]+):.*## (.*)/  \1\t\2/' -e 's/%/N/' | expand -t 24

deps: ## Install the Debian packages the fork needs (as root; else print the apt-get line)
	@$(S)/deps.sh

deps-lab: ## Only the packages of the lab path: kernel build, QEMU, GDB (the base is downloaded by make tree) (make lab-N runs it)
	@$(S)/deps.sh lab

base-versions: ## The linux-source-6.12 versions Debian offers, newest first; the tested one marked
	@$(S)/base-versions.sh

tree: ## Materialize build/linux: the tested Debian base (downloaded; BASE= picks another) + patches/series + overlay
	@$(S)/tree.sh

export: ## Write build/linux's commits back to patches/ (and edited fork-only files to the repo)
	@$(S)/export.sh

# make tree first; on a fresh tree the build starts on its files while
# their history is written (scripts/tree.sh, "a fresh tree with a command
# alongside").
kernel: ## Build the lab kernel out of tree in build/kernel (tinyconfig + labs/kernel.config + labs/ptlab.config)
	@$(S)/tree.sh --then $(S)/kernel.sh

initramfs: kernel ## Pack the guest: busybox-static, /init, the labs' static programs
	@$(S)/initramfs.sh

boot: initramfs ## Boot the guest in QEMU, print the marker (uname -r, CPUs), power off
	@$(S)/boot.sh

shell: initramfs ## Boot the guest with an interactive shell (leave with poweroff -f)
	@BOOT_RUN= $(S)/boot.sh

debug: initramfs ## Guest stopped on a free gdbstub port + GDB with vmlinux-gdb.py (tmux side by side)
	@$(S)/debug.sh

htmldocs: tree ## The fork's docs with the kernel's Sphinx into build/docs (FULL=1: the whole tree)
	@$(S)/htmldocs.sh

diagrams: ## Render diagrams/*.dot standalone to SVG and PNG in build/diagrams
	@$(S)/diagrams.sh

model: ## The protocol model: every labs/model scenario in SPIN, verdicts vs the declared ones; redraws diagrams/model-*.dot
	@$(S)/model.sh

check-series: tree ## The series: applies, builds per patch (W=1), cross-compiles, checkpatch, sparse, boots (RECIPE=7.3: the 7.3 queue; not in make check)
	@$(S)/check-series.sh

selftests: tree ## The kernel's mm selftests in the guest, base kernel vs series kernel, as a table
	@$(S)/selftests.sh

check: deps ## Every check, check-series, selftests and today's kernel too; ends with 'N passed, N failed'; CHECKS='a b': a subset; CHECK_KEEP=1: keep what it prunes (README, 'Disk')
	@tests/run.sh

.PHONY: citations-pin
citations-pin: ## Rewrite tests/citations.pin, what each path:line citation cites, after you re-read the ones make check names
	@python3 $(S)/check-citations.py --write-pin tests/citations.pin

bench: initramfs ## Time the edit -> lab 3 first breakpoint path, boot, each lab check (FRESH=1: the fresh-clone path too)
	@$(S)/bench.sh

lab-transcripts: initramfs ## Rewrite the lab pages' transcripts from a passing check of each lab (LABS='1 3': some)
	@$(S)/lab-transcripts.sh $(LABS)

upstream: ## RECIPE=7.3: the khugepaged fix and its selftest as format-patch files in build/upstream/, checked (checkpatch, git am, build, the selftest on both kernels); never sends mail
	@$(S)/upstream.sh

# The lab targets ask scripts/lab-known.sh first, so that a lab of another
# recipe is refused before anything is built for it.
lab-6-stress: ## RECIPE=7.3: lab 6's race without the window, random timing: 7.3.4's step 4 must fail, the fix must not
	@$(S)/lab-known.sh 6 && $(MAKE) --no-print-directory initramfs && $(S)/lab-stress.sh

lab-steps: ## Rewrite the lab pages' Steps lists (lab-N-steps.inc) from labs/gdb/lab_steps.py and the transcripts
	@python3 $(S)/lab-steps.py write

lab-%-walk: ## Lab N as a reader does it, in tmux: make lab-N typed, lab-next and the page's commands at each step (VARIANT=name: one kernel; CONTINUE=1: also 'continue' at the first stop)
	@$(S)/lab-known.sh $* && $(MAKE) --no-print-directory initramfs && $(S)/lab-walk.sh $* $(VARIANT)

lab-%-check: ## Lab N's steps in batch GDB, asserted (REPEAT=n runs it n times)
	@$(S)/lab-known.sh $* && $(MAKE) --no-print-directory initramfs && $(S)/lab-check.sh $* $(REPEAT)

lab-%: ## Lab N: QEMU and GDB side by side, the lab's script loaded, first breakpoint set (all set-up included)
	@$(S)/lab-known.sh $* guest && $(MAKE) --no-print-directory deps-lab initramfs && $(S)/lab.sh $*

coccicheck: tree ## pte_nolock.cocci with the kernel's make coccicheck: tip vs expected, the copy-recheck variant, 7.3.4's khugepaged.c (rule 8), every rule on its fixtures (a table), 7.3's mm/ arch/{arm,powerpc,s390}/mm vs expected, every call parsed (makes build/7.3/linux if missing)
	@$(S)/coccicheck.sh && $(S)/coccicheck.sh copy-recheck && $(S)/coccicheck.sh lock-identity && \
		$(S)/coccicheck.sh fixtures && $(S)/coccicheck.sh today

.PHONY: lock-gaps
lock-gaps: ## The census of page-table lock gaps (pte_lock_gaps.cocci) on 7.3.4's mm/ and arch/*/mm vs expected, and on its fixture; Documentation/mm/pte-nolock/audit.rst reads it
	@tests/check-lock-gaps.sh

exercises-check: initramfs ## Every review exercise applied in a worktree, its bug shown (make exercise-N-check for one)
	@$(S)/exercises-check.sh

exercise-%-check: initramfs ## Review exercise N applied in a worktree of its own, its bug shown by its check (9: on a KASAN kernel; RECIPE=7.3: 10, by lab 6)
	@$(S)/exercise.sh $* check

exercise-%: tree ## Review exercise N: the patch applied in a worktree for you to review (build/exercises/)
	@$(S)/exercise.sh $*

# Another recipe's build directory (build/7.3, named by its version) is
# cleaned the same way, keeping its linux/.
clean: ## Remove build outputs, keeping build/linux and build/7.3/linux (which may hold your work)
	@[ ! -d build ] || find build -mindepth 1 -maxdepth 1 ! -name linux ! -name '[0-9]*.[0-9]*' -print -exec rm -rf {} +
	@for d in build/[0-9]*.[0-9]*/; do [ ! -d "$$d" ] || find "$$d" -mindepth 1 -maxdepth 1 ! -name linux -print -exec rm -rf {} +; done
	@for t in build/linux build/[0-9]*.[0-9]*/linux; do [ ! -d "$$t/.git" ] || git -C "$$t" worktree prune; done
