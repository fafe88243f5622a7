# shellcheck shell=dash
# The kernel's mm selftests (scripts/selftests.sh packs them at /selftests
# with their list, labs/selftests.list). Sets up what they need, runs each
# under its timeout, and brackets its output with markers for the host:
#   fork: selftest-begin NAME
#   fork: selftest-end NAME rc=N secs=N
# Kernel messages printed during a test land between its markers.

cd /selftests 2>/dev/null || {
	echo "fork: selftests: no /selftests in this initramfs (run 'make selftests')"
	exit 1
}

# File THP (khugepaged's file mode): ext2 on RAM disk 0, a real block
# device with a read_ahead_kb. Swap (khugepaged's swap-in tests, reclaim):
# RAM disk 1. Huge pages for the hugetlb cases of the userfaultfd tests.
mkdir -p /mnt/ext2
if [ -b /dev/ram0 ] && mke2fs -q /dev/ram0 && mount -t ext2 /dev/ram0 /mnt/ext2; then
	ext2=yes
else
	ext2=no
fi
if [ -b /dev/ram1 ] && mkswap /dev/ram1 >/dev/null && swapon /dev/ram1; then
	swap=yes
else
	swap=no
fi
[ -w /proc/sys/vm/nr_hugepages ] && echo 64 >/proc/sys/vm/nr_hugepages
# No address-space randomization: tests that place mappings at fixed
# addresses (mremap_test) then meet the same layout on both kernels.
echo 0 >/proc/sys/kernel/randomize_va_space
echo "fork: selftests env: ext2=$ext2 swap=$swap hugepages=$(cat /proc/sys/vm/nr_hugepages 2>/dev/null || echo none) thp=$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo none) aslr=$(cat /proc/sys/kernel/randomize_va_space)"

while read -r name timeout need cmd; do
	case $name in '' | '#'*) continue ;; esac
	echo "fork: selftest-begin $name ($need): $cmd"
	start=$(date +%s)
	# stdin from /dev/null: a test must not eat the rest of the list
	timeout -k 10 "$timeout" sh -c "exec ./$cmd" </dev/null 2>&1
	rc=$?
	echo "fork: selftest-end $name rc=$rc secs=$(($(date +%s) - start))"
done </selftests/list
echo "fork: selftests done"
