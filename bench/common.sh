# Shared by the bench scripts (sourced): publish the CLI as README installs it, and make one scale set.
# Needs: repo, corpus, work, studies, slices. Sets: dll, set_dir, files, bytes, mb.

# Release + ReadyToRun (precompiled: no JIT warm-up per run), the way README's install publishes it.
publish_cli() {
  echo "# building the CLI (Release, ReadyToRun)"
  dotnet publish "$repo/src/DropBox.Cli/DropBox.Cli.csproj" -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true --nologo -v q -o "$work/bin" >/dev/null
  dll="$work/bin/dropbox.dll"
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
