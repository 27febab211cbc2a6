-- wrk script for the HTTP search page: each request is the next query of the query file, in turn.
--
--   wrk -t2 -c16 -d15s --latency -s bench/search.lua http://127.0.0.1:18090
--
-- Environment: SEARCH_QUERIES (default bench/search-queries.txt, one query per line),
-- SEARCH_PATH (default /search; /api/v1/search for the JSON API), SEARCH_CACHED (default 0).
--
-- The server keeps rendered search pages per query string, so cycling through 200 queries would
-- soon measure that page cache alone. Unless SEARCH_CACHED=1, each request carries a parameter
-- the search ignores (`n`, a counter), which makes every query string new: each request searches.

local file = os.getenv("SEARCH_QUERIES") or "bench/search-queries.txt"
local base = os.getenv("SEARCH_PATH") or "/search"
local cached = os.getenv("SEARCH_CACHED") == "1"

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local paths = {}
local f = assert(io.open(file, "r"), "cannot open " .. file)
for line in f:lines() do
  local q = line:gsub("^%s+", ""):gsub("%s+$", "")
  if q ~= "" then
    paths[#paths + 1] = base .. "?q=" .. urlencode(q)
  end
end
f:close()
assert(#paths > 0, "no queries in " .. file)

local i = 0

-- Each wrk thread has its own copy of this script: start the threads at different queries.
function setup(thread)
  thread:set("offset", math.random(0, #paths - 1))
end

function init(args)
  i = tonumber(offset) or 0
end

function request()
  i = i + 1
  local path = paths[(i % #paths) + 1]
  if not cached then
    path = path .. "&n=" .. tostring(offset or 0) .. "-" .. i
  end
  return wrk.format("GET", path)
end
