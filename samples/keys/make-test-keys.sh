#!/bin/sh
# Makes the TEST-ONLY receiver key pair used by the README's sample run and by tests.
# NEVER use these keys for real data: the secret key is published in this repository.
# Writes samples/keys/TEST-ONLY-receiver.pub.asc and TEST-ONLY-receiver.secret.asc (ed25519 + cv25519,
# no passphrase) using a throwaway gpg home, so no keyring of yours is touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
home=$(mktemp -d "${TMPDIR:-/tmp}/dropbox-testkeys-XXXXXX")
trap 'gpgconf --homedir "$home" --kill gpg-agent 2>/dev/null || true; rm -rf "$home"' EXIT
chmod 700 "$home"
uid='DropBox TEST-ONLY receiver — never use for real data <test-only@dropbox.invalid>'
gpg --homedir "$home" --batch --passphrase '' --pinentry-mode loopback \
    --quick-gen-key "$uid" future-default default never 2>/dev/null
gpg --homedir "$home" --batch --armor --export test-only@dropbox.invalid > "$here/TEST-ONLY-receiver.pub.asc"
gpg --homedir "$home" --batch --armor --pinentry-mode loopback --passphrase '' \
    --export-secret-keys test-only@dropbox.invalid > "$here/TEST-ONLY-receiver.secret.asc"
echo "wrote $here/TEST-ONLY-receiver.pub.asc and TEST-ONLY-receiver.secret.asc (TEST ONLY)"
echo "decrypt a sample output with:"
echo "  h=\$(mktemp -d) && gpg --homedir \"\$h\" --batch --import $here/TEST-ONLY-receiver.secret.asc && gpg --homedir \"\$h\" --decrypt FILE.gpg > FILE"
