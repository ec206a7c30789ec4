-- POST without a body to a fixed path (BENCH_PATH), optionally authenticated (BENCH_TOKEN).
package.path = package.path .. ";" .. os.getenv("BENCH_DIR") .. "/scenarios/?.lua"
local common = require("common")
common.auth()
wrk.method = "POST"
wrk.path = os.getenv("BENCH_PATH")
