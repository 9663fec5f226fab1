-- wrk script: POST a session with a unique Idempotency-Key to one of the prepared episodes, round robin.
-- Environment: TOKEN (bearer token), EPISODES (file with one episode id per line).
local episodes = {}
for line in io.lines(os.getenv("EPISODES")) do episodes[#episodes + 1] = line end
local token = os.getenv("TOKEN")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local counter = 0

-- PACE_MS paces each connection (a pause before every request), for a steady rate below the peak.
local pace = tonumber(os.getenv("PACE_MS") or "")
if pace then
  function delay() return pace end
end

-- wrk's Lua starts every run with the same random sequence: seed it, or a second run would reuse the
-- first run's Idempotency-Keys and get replayed answers instead of new writes.
function init(args)
  math.randomseed(os.time() * 1000 + thread_id)
end
local function item() return string.format("%.1f", math.random(0, 100) / 10) end

function request()
  counter = counter + 1
  local episode = episodes[((counter * 7919 + thread_id * 104729) % #episodes) + 1]
  local body = string.format(
    '{"date":"2026-01-05","outcome":{"items":{"individually":%s,"interpersonally":%s,"socially":%s,"overall":%s}},' ..
    '"alliance":{"items":{"relationship":%s,"goalsAndTopics":%s,"approachOrMethod":%s,"overall":%s}}}',
    item(), item(), item(), item(), item(), item(), item(), item())
  return wrk.format("POST", "/api/v1/episodes/" .. episode .. "/sessions", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%d-%d-%d-%d", os.time(), thread_id, counter, math.random(1, 1e9)),
  }, body)
end
