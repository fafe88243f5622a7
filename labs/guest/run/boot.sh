# shellcheck shell=sh
# Boot check: the marker printed by /init is all it needs.
true
