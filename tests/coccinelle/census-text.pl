#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only
# census-text.pl ROOT FILE...: the source-text side of scripts/coccicheck.sh's
# parse check. Print "PATH:LINE: census: NAME" for every NAME( in FILE
# (comments, strings and preprocessor lines blanked, lines kept), with
# PATH relative to ROOT, for the names tests/coccinelle/census.cocci
# reports from the code spatch parsed.
use strict;
use warnings;

my $root = shift @ARGV;
my $names = qr/\b(pte_offset_map_ro_nolock|pte_offset_map_rw_nolock|pmd_same|update_mmu_cache_range)\s*\(/;
for my $file (@ARGV) {
	open(my $fh, '<', $file) or die "$file: $!";
	local $/;
	my $src = <$fh>;
	close($fh);
	# blank a match, keeping its newlines so that line numbers hold
	my $blank = sub { (my $s = shift) =~ s/[^\n]/ /g; $s };
	$src =~ s{(/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')}{$blank->($1)}gse;
	# preprocessor lines with their continuations (a macro body is not a
	# call spatch reports)
	$src =~ s{^([ \t]*#(?:[^\n]*\\\n)*[^\n]*)}{$blank->($1)}gme;
	(my $rel = $file) =~ s{^\Q$root\E/}{};
	my $line = 1;
	for my $l (split /\n/, $src, -1) {
		my %seen;
		while ($l =~ /$names/g) {
			print "$rel:$line: census: $1\n" unless $seen{$1}++;
		}
		$line++;
	}
}
