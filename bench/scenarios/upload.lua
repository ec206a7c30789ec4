-- Multipart POST (BENCH_PATH) creating a record with one file: the bytes of BENCH_FILE as part
-- BENCH_FIELD (default "doc"), plus a "title" text part. The body is built once; every request
-- sends the same bytes and creates a new record with a new stored file.
package.path = package.path .. ";" .. os.getenv("BENCH_DIR") .. "/scenarios/?.lua"
local common = require("common")
common.auth()
local file = os.getenv("BENCH_FILE")
local field = os.getenv("BENCH_FIELD") or "doc"
local f = assert(io.open(file, "rb"), "cannot read " .. tostring(file))
local content = f:read("*a")
f:close()
local name = file:match("([^/]+)$")
local boundary = "----basaltbenchboundary7MA4YWxkTrZu0gW"
wrk.method = "POST"
wrk.path = os.getenv("BENCH_PATH")
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.body = "--" .. boundary .. "\r\n" ..
  'Content-Disposition: form-data; name="title"\r\n\r\nbench upload\r\n' ..
  "--" .. boundary .. "\r\n" ..
  'Content-Disposition: form-data; name="' .. field .. '"; filename="' .. name .. '"\r\n' ..
  "Content-Type: application/octet-stream\r\n\r\n" ..
  content .. "\r\n--" .. boundary .. "--\r\n"
