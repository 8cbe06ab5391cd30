# Shared by the bench scripts (sourced): publish the CLI as README installs it, and make one scale set.
# Needs: repo, corpus, work, studies, slices. Sets: dropbox, build_kind, set_dir, files, bytes, mb.

# scripts/publish.sh, the way README's install publishes it: the native program, or ReadyToRun where the native
# toolchain is missing (DROPBOX_BENCH_BUILD=ready-to-run forces that, to compare the two).
publish_cli() {
  local flag=""
  [ "${DROPBOX_BENCH_BUILD:-}" = ready-to-run ] && flag=--ready-to-run
  echo "# building the CLI with scripts/publish.sh $flag"
  build_kind=$(bash "$repo/scripts/publish.sh" "$work/bin" $flag | tail -1)
  dropbox="$work/bin/dropbox"
  echo "# build: $build_kind"
}

# make-scale-set.sh (MR + CT, planted PHI); its manifest moves out so the set holds only DICOM files.
make_scale_set() {
  set_dir="$work/set"
  echo "# making the scale set: $studies studies x $slices slices"
  "$corpus/make-scale-set.sh" "$set_dir" "$studies" "$slices" --modality mix >/dev/null
  mv "$set_dir/manifest.json" "$work/manifest.json"
  files=$(find "$set_dir" -type f | wc -l)
  bytes=$(du -sb "$set_dir" | cut -f1)
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
}

# A throwaway receiver gpg home under the work folder (its agent stopped and the work folder removed at exit, unless
# --keep) and the program to run: the one given (--dropbox, in $prebuilt) or one published now.
# Needs: repo, work, keep, prebuilt. Sets: receiver_home, dropbox, build_kind, commit.
receiver_and_program() {
  receiver_home="$work/receiver-gnupg"
  trap cleanup_receiver_and_work EXIT
  if [ -n "$prebuilt" ]; then
    dropbox=$prebuilt; build_kind="given ($prebuilt)"
  else
    publish_cli
  fi
  commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
  # The program's own commit is known only when this script built it.
  [ -z "$prebuilt" ] || commit="(given program; scripts at $commit)"
}

cleanup_receiver_and_work() {
  [ -d "$receiver_home" ] && gpgconf --homedir "$receiver_home" --kill all 2>/dev/null || true
  [ "$keep" -eq 1 ] || rm -rf "$work"
}
