#!/usr/bin/env bash
# Sourced by .ci/run (which installs curl and unzip first): makes `go` 1.26 or newer available. Debian's golang-go (1.19 on bookworm) is too old for
# the pinned LiveKit server and the load-test listener (go.mod: go 1.26), so when the machine's Go is missing or
# older, the official toolchain is fetched from the Go module proxy (golang.org/toolchain, the module `go`
# itself downloads for GOTOOLCHAIN) into the git-ignored .tools/go, once, and put first on PATH.
GO_WANTED=1.26.8
GO_MIN=1.26

go_recent_enough() {
  command -v go >/dev/null 2>&1 || return 1
  local have
  have=$(go env GOVERSION 2>/dev/null | sed 's/^go//') || return 1
  [ -n "$have" ] && [ "$(printf '%s\n%s\n' "$GO_MIN" "$have" | sort -V | head -1)" = "$GO_MIN" ]
}

if [ -x "$PWD/.tools/go/bin/go" ]; then export PATH="$PWD/.tools/go/bin:$PATH"; fi
if ! go_recent_enough; then
  case "$(uname -m)" in
    x86_64) go_arch=amd64 ;;
    aarch64 | arm64) go_arch=arm64 ;;
    *) echo "No Go toolchain for $(uname -m); install Go $GO_MIN or newer" >&2; exit 1 ;;
  esac
  proxy=${GOPROXY:-https://proxy.golang.org}
  proxy=${proxy%%,*}
  [ "$proxy" = direct ] || [ "$proxy" = off ] && proxy=https://proxy.golang.org
  version="v0.0.1-go${GO_WANTED}.linux-${go_arch}"
  echo "Fetching Go ${GO_WANTED} from ${proxy} (golang.org/toolchain@${version})"
  tmp=$(mktemp -d)
  curl -fsSL -o "$tmp/go.zip" "${proxy}/golang.org/toolchain/@v/${version}.zip"
  unzip -q "$tmp/go.zip" -d "$tmp/unpacked"
  rm -rf "$PWD/.tools/go"
  mkdir -p "$PWD/.tools"
  mv "$tmp/unpacked/golang.org/toolchain@${version}" "$PWD/.tools/go"
  rm -rf "$tmp"
  # Module zips keep no file modes: the commands and tools must be made executable again.
  chmod +x "$PWD"/.tools/go/bin/* "$PWD"/.tools/go/pkg/tool/*/*
  export PATH="$PWD/.tools/go/bin:$PATH"
  go_recent_enough || { echo "Go ${GO_WANTED} from the module proxy does not run here" >&2; exit 1; }
fi
echo "Using $(go version)"
