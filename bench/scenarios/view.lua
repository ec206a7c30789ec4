-- GET of a random record by id from BENCH_IDS (one id per line), path prefix BENCH_PATH.
package.path = package.path .. ";" .. os.getenv("BENCH_DIR") .. "/scenarios/?.lua"
local common = require("common")
local ids = common.lines(os.getenv("BENCH_IDS"))
local prefix = os.getenv("BENCH_PATH")
common.auth()
math.randomseed(os.time())
request = function()
  return wrk.format("GET", prefix .. ids[math.random(#ids)])
end
