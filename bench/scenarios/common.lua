-- Shared helpers for the wrk scenarios: reads ids from a file, sets the auth header from env.
local M = {}

function M.lines(path)
  local t = {}
  local f = io.open(path, "r")
  if f == nil then return t end
  for line in f:lines() do t[#t + 1] = line end
  f:close()
  return t
end

function M.auth()
  local token = os.getenv("BENCH_TOKEN")
  if token ~= nil and token ~= "" then wrk.headers["Authorization"] = token end
end

return M
