-- wrk script of bench/service_bench.py: POSTs request bodies in turn, one per request.
--   BENCH_BODIES  file of bodies, each ended by the byte 0x1E (ASCII record separator)
--   BENCH_CTYPE   their Content-Type
-- At the end it prints one JSON line (requests, errors, latency percentiles in µs).

local function load_bodies()
    local f = assert(io.open(os.getenv("BENCH_BODIES"), "rb"))
    local data = f:read("*a")
    f:close()
    local bodies, start = {}, 1
    while true do
        local stop = string.find(data, "\30", start, true)
        if not stop then break end
        bodies[#bodies + 1] = string.sub(data, start, stop - 1)
        start = stop + 1
    end
    assert(#bodies > 0, "no bodies in " .. os.getenv("BENCH_BODIES"))
    return bodies
end

local bodies, headers, n = nil, nil, 0

function init(args)
    bodies = load_bodies()
    headers = { ["Content-Type"] = os.getenv("BENCH_CTYPE") }
end

function request()
    n = n % #bodies + 1
    return wrk.format("POST", nil, headers, bodies[n])
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        '{"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, ' ..
        '"write": %d, "status": %d, "timeout": %d}, "latency_us": {"mean": %.1f, "p50": %d, ' ..
        '"p90": %d, "p99": %d, "max": %d}}\n',
        summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
        e.timeout, latency.mean, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency.max))
end
