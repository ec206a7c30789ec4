-- POST of a new post (BENCH_PATH) authored by a random user from BENCH_IDS.
package.path = package.path .. ";" .. os.getenv("BENCH_DIR") .. "/scenarios/?.lua"
local common = require("common")
local users = common.lines(os.getenv("BENCH_IDS"))
local path = os.getenv("BENCH_PATH")
common.auth()
wrk.headers["Content-Type"] = "application/json"
local body = string.rep("lorem ipsum dolor sit amet ", 18)
local counter = 0
request = function()
  counter = counter + 1
  local json = '{"title":"bench post ' .. counter .. ' ' .. math.random(1000000) .. '","body":"' .. body ..
    '","published":true,"views":1,"category":"tech","author":"' .. users[math.random(#users)] .. '"}'
  return wrk.format("POST", path, nil, json)
end
