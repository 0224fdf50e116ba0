-- Typical queries made distinct for the answer cache (a word of
-- punctuation changes the cache key, not the search), as the load test's
-- "uncached" scenario: every request is a search the server has not answered.
local queries = {"personvern", "passord", "informasjonssikkerhet", "risikovurdering", "personvernombud",
  "avvik", "tilgangsstyring", "behandling+av+personopplysninger", "internkontroll", "logging",
  "beredskap", "opplæring", "leverandør", "databehandleravtale", "sikkerhet"}
local marks = {"!", "?", ".", ",", ";", ":", "-", "_"}
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
local n = 0
function init(args)
  n = id * 5000000
end
request = function()
  n = n + 1
  local q = queries[n % #queries + 1]
  local v = math.floor(n / #queries)
  local w = ""
  for i = 1, 8 do
    w = w .. marks[v % 8 + 1]
    v = math.floor(v / 8)
  end
  return wrk.format("GET", "/api/search?lang=nb&q=" .. q .. "+" .. w)
end
