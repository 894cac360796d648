-- Run by tests/test_neovim.py:
--   nvim --headless --clean -n FILE -c 'luafile tests/lsp/check.lua'
-- Starts `python -m vfr_lint.lsp` with vim.lsp.start, waits for its diagnostics on the
-- current buffer and writes them as JSON to $VFR_LSP_OUT, then quits.
local out = assert(vim.env.VFR_LSP_OUT, "VFR_LSP_OUT not set")
local python = assert(vim.env.VFR_LSP_PYTHON, "VFR_LSP_PYTHON not set")
local root = vim.env.VFR_LSP_ROOT or vim.fn.getcwd()
local timeout = tonumber(vim.env.VFR_LSP_TIMEOUT or "30000")

local result = { ok = false, diagnostics = {} }

local function finish()
  vim.fn.writefile({ vim.json.encode(result) }, out)
  vim.cmd("qall!")
end

local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start({
    name = "vfr-lint",
    cmd = { python, "-m", "vfr_lint.lsp" },
    root_dir = root,
  }, { bufnr = buf })
  assert(id, "vim.lsp.start returned nil")
  result.ok = vim.wait(timeout, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20)
  local client = vim.lsp.get_client_by_id(id)
  result.offset_encoding = client and client.offset_encoding or nil
  result.filetype = vim.bo[buf].filetype
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, {
      code = d.code,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      source = d.source,
    })
  end
  if client then
    client:stop()
    vim.wait(5000, function()
      return client:is_stopped()
    end, 20)
  end
end)
if not ok then
  result.error = tostring(err)
end
finish()
