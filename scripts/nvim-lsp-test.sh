#!/usr/bin/env bash
# The Neovim setup of docs/editors.md, tested: a headless Neovim runs the Lua snippet of the
# "Neovim" section as its init.lua, opens the seed story's the-hill.txt, and waits for
# factlint's diagnostics, which must include the publishing residue "ADVERTISEMENT" on
# line 4 at column 1.
#
#   scripts/nvim-lsp-test.sh
#
# Needs `nvim` (on Debian and Ubuntu: apt-get install -y neovim); builds factlint first.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v nvim >/dev/null || { echo "nvim-lsp-test: needs Neovim (apt-get install -y neovim)" >&2; exit 2; }
cargo build --locked --quiet --bin factlint
export PATH="$PWD/target/debug:$PATH"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r examples/baghdad "$work/baghdad"

# The first ```lua block after the "## Neovim" heading of the docs, as written there.
awk '/^## Neovim/ {in_section = 1} in_section && /^```lua/ {grab = 1; next} grab && /^```/ {exit} grab {print}' \
    docs/editors.md > "$work/init.lua"
[ -s "$work/init.lua" ] || { echo "nvim-lsp-test: no Lua snippet in docs/editors.md" >&2; exit 2; }

cat > "$work/check.lua" <<'LUA'
local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 100)
local found = false
for _, d in ipairs(vim.diagnostic.get(0)) do
  io.stdout:write(string.format("%d:%d %s %s\n", d.lnum + 1, d.col + 1, d.code or "", d.message:gsub("\n.*", "")))
  if d.code == "hygiene/publishing-residue" and d.lnum == 3 and d.col == 0 then found = true end
end
if not ok then io.stdout:write("no diagnostics arrived\n") end
vim.cmd(found and "qall!" or "cquit!")
LUA

cd "$work/baghdad"
if nvim --headless -n -i NONE -u "$work/init.lua" -c "luafile $work/check.lua" the-hill.txt; then
    echo "nvim-lsp-test: ok"
else
    echo "nvim-lsp-test: FAILED: the publishing residue on line 4 was not reported" >&2
    exit 1
fi
