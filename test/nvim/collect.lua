-- Opens one file in headless Neovim with the built-in LSP client attached to
-- the asyncos-pvo language server, waits for its diagnostics and writes them
-- (as Neovim stores them) to a JSON file. Works with Neovim 0.7 (Debian 12).
-- Environment: ASYNCOS_PVO_FILE, ASYNCOS_PVO_SERVER (the bin script), ASYNCOS_PVO_OUT; with
-- ASYNCOS_PVO_AT ("line,character", 0-based), also the definition and references there.
local file = os.getenv('ASYNCOS_PVO_FILE')
local server = os.getenv('ASYNCOS_PVO_SERVER')
local out = os.getenv('ASYNCOS_PVO_OUT')

local function finish(result)
  local handle = assert(io.open(out, 'w'))
  handle:write(vim.fn.json_encode(result))
  handle:close()
  vim.cmd('qall!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local received = false
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default_handler(err, result, ctx, config)
  if result and vim.uri_to_bufnr(result.uri) == bufnr then received = true end
end

local client_id = vim.lsp.start_client({
  name = 'asyncos-pvo',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
if not client_id then
  finish({ error = 'the language server did not start' })
  return
end
vim.lsp.buf_attach_client(bufnr, client_id)

if not vim.wait(30000, function() return received end, 50) then
  finish({ error = 'no diagnostics within 30 s' })
  return
end
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(diagnostics, {
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    severity = d.severity, message = d.message, code = d.code or lsp.code, source = d.source,
  })
end
local result = { version = vim.version(), diagnostics = diagnostics }
local at = os.getenv('ASYNCOS_PVO_AT')
if at then
  local line, character = at:match('^(%d+),(%d+)$')
  local position = { line = tonumber(line), character = tonumber(character) }
  local document = { uri = vim.uri_from_bufnr(bufnr) }
  local function locations(method, params)
    local responses = vim.lsp.buf_request_sync(bufnr, method, params, 10000) or {}
    local out = {}
    for _, response in pairs(responses) do
      for _, location in ipairs(response.result or {}) do table.insert(out, location.range.start) end
    end
    return out
  end
  result.definition = locations('textDocument/definition', { textDocument = document, position = position })
  result.references = locations('textDocument/references', { textDocument = document, position = position, context = { includeDeclaration = true } })
end
finish(result)
