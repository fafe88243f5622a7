# shellcheck shell=sh
# The GDB check breaks on the sync syscall: call it once a second until
# the debugger has seen it (the check powers the guest off itself).
echo "fork: gdb-check calling sync(2) once a second"
i=0
while [ $i -lt 120 ]; do
	sync
	sleep 1
	i=$((i + 1))
done
