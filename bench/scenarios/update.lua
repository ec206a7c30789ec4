-- PATCH of a random record by id from BENCH_IDS (path prefix BENCH_PATH): a new views count.
package.path = package.path .. ";" .. os.getenv("BENCH_DIR") .. "/scenarios/?.lua"
local common = require("common")
local ids = common.lines(os.getenv("BENCH_IDS"))
local prefix = os.getenv("BENCH_PATH")
common.auth()
wrk.headers["Content-Type"] = "application/json"
math.randomseed(os.time())
request = function()
  return wrk.format("PATCH", prefix .. ids[math.random(#ids)], nil, '{"views":' .. math.random(100000) .. '}')
end
