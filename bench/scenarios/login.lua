-- POST auth-with-password (BENCH_PATH) as a random seeded user: user<N>@bench.example.com, N < BENCH_USERS.
package.path = package.path .. ";" .. os.getenv("BENCH_DIR") .. "/scenarios/?.lua"
local users = tonumber(os.getenv("BENCH_USERS") or "1000")
local path = os.getenv("BENCH_PATH")
wrk.headers["Content-Type"] = "application/json"
request = function()
  local json = '{"identity":"user' .. math.random(0, users - 1) .. '@bench.example.com","password":"benchpass1"}'
  return wrk.format("POST", path, nil, json)
end
