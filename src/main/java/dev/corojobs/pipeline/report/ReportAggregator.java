package dev.corojobs.pipeline.report;

import dev.corojobs.pipeline.LogBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * The default report's aggregation, following GoAccess's definitions so that both agree on the same log:
 * every parsed line that passes the report's filters is a valid request; it adds one hit and its bytes to a
 * row of each panel; a visitor is one client, local date and user agent, and lines with a 4xx status count
 * toward no visitor (unless asked); a 404 goes to {@code not_found} instead of the request panels, and
 * otherwise a request for a static file to {@code static_requests}. Request rows are keyed by path (URL-decoded,
 * query string kept unless asked), method and protocol, as GoAccess splits the request line.
 * Fed batch by batch from one thread; {@link #toJson} renders GoAccess's JSON layout.
 */
public final class ReportAggregator {

    static final int VISITORS = 0;
    static final int REQUESTS = 1;
    static final int STATIC_REQUESTS = 2;
    static final int NOT_FOUND = 3;
    static final int HOSTS = 4;
    static final int OS = 5;
    static final int BROWSERS = 6;
    static final int VISIT_TIME = 7;
    static final int REFERRING_SITES = 8;
    static final int REFERRERS = 9;
    static final int STATUS_CODES = 10;
    static final int PANELS = 11;
    static final String[] PANEL_NAMES = {
        "visitors", "requests", "static_requests", "not_found", "hosts", "os", "browsers", "visit_time",
        "referring_sites", "referrers", "status_codes",
    };

    static final String[] METHODS = {
        "OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT", "PATCH", "PROPFIND", "PROPPATCH",
        "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "VERSION-CONTROL", "REPORT", "CHECKOUT", "CHECKIN",
        "UNCHECKOUT", "MKWORKSPACE", "UPDATE", "LABEL", "MERGE", "BASELINE-CONTROL", "MKACTIVITY", "ORDERPATCH",
    };
    static final String[] PROTOCOLS = {"HTTP/1.0", "HTTP/1.1", "HTTP/2", "HTTP/3"};
    private static final byte[][] METHOD_BYTES = ascii(METHODS);
    private static final byte[][] PROTOCOL_BYTES = ascii(PROTOCOLS);
    private static final byte[] DASH = {'-'};
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private final ReportOptions options;
    private final long fromSecond;
    private final long toSecond;
    private final boolean timeFilter;

    private final PanelStats[] panels = new PanelStats[PANELS];
    private final VisitorSampler sampler;
    private final UniqueCount visitors;

    private final ByteKeys hosts = new ByteKeys();
    /** Per host: 0 not looked at, 1 kept, 2 excluded by the IP ranges. */
    private byte[] hostExcluded = new byte[256];

    private final ByteKeys agents = new ByteKeys();
    private int[] agentBrowser = new int[256];
    private int[] agentOs = new int[256];
    private boolean[] agentCrawler = new boolean[256];
    private final GroupedKeys browsers = new GroupedKeys();
    private final GroupedKeys systems = new GroupedKeys();

    private final ByteKeys requests = new ByteKeys();
    private boolean[] requestStatic = new boolean[256];
    private byte[] scratch = new byte[1024];

    private final ByteKeys rawReferrers = new ByteKeys();
    /** Per raw referrer: its row's id + 1 (GoAccess cuts Google search referrers after the query), 0 if not yet known. */
    private int[] referrerRows = new int[256];
    private final ByteKeys referrers = new ByteKeys();
    private final ByteKeys sites = new ByteKeys();
    /** Per referrer: its site's id + 1, 0 when it has none, -1 when not looked at yet. */
    private int[] referrerSite = new int[256];

    private final Map<Integer, Integer> dateIds = new HashMap<>();
    private int[] dates = new int[16];
    private int lastDate = -1;
    private int lastDateId = -1;

    private long valid;
    private long excluded;
    private long bandwidth;
    private int minDate = Integer.MAX_VALUE;
    private int maxDate = Integer.MIN_VALUE;
    private KllDoublesSketch times;

    public ReportAggregator(ReportOptions options) {
        this.options = options;
        this.fromSecond = options.from() == null ? Long.MIN_VALUE
                : options.from().getEpochSecond() + (options.from().getNano() > 0 ? 1 : 0);
        this.toSecond = options.to() == null ? Long.MAX_VALUE
                : options.to().getEpochSecond() + (options.to().getNano() > 0 ? 1 : 0);
        this.timeFilter = options.from() != null || options.to() != null;
        for (int i = 0; i < PANELS; i++) {
            panels[i] = new PanelStats();
        }
        this.sampler = new VisitorSampler(PANELS, options.exactLimit());
        this.visitors = new UniqueCount(options.exactLimit());
        Arrays.fill(referrerSite, -1);
    }

    public ReportOptions options() {
        return options;
    }

    /** Adds every parsed line of the batch. */
    public void accept(LogBatch batch) {
        for (int line = 0; line < batch.parsed(); line++) {
            add(batch, line);
        }
    }

    private void add(LogBatch batch, int line) {
        byte[] d = batch.data();
        // a format without a time field: such lines are in no day or hour row, and outside any from/to window
        boolean timed = batch.hasTime(line);
        if (timeFilter) {
            long second = timed ? batch.epochSecond(line) : Long.MIN_VALUE;
            if (second < fromSecond || second >= toSecond) {
                excluded++;
                return;
            }
        }
        int host = batch.clientStart(line) < 0 ? hosts.intern(DASH, 0, 1)
                : hosts.intern(d, batch.clientStart(line), batch.clientEnd(line));
        if (!options.excludeIps().isEmpty() && hostExcluded(host)) {
            excluded++;
            return;
        }
        int agentStart = batch.agentStart(line);
        int agentEnd = batch.agentEnd(line);
        // no user agent, or an empty one: "-" for the visitor, no row in the browser and OS panels (as GoAccess)
        boolean noAgent = agentStart < 0 || agentStart == agentEnd;
        int agent = noAgent ? agents.intern(DASH, 0, 1) : agents.intern(d, agentStart, agentEnd);
        if (agent >= agentBrowser.length || agentBrowser[agent] == 0) {
            classify(agent);
        }
        if (options.excludeCrawlers() && agentCrawler[agent]) {
            excluded++;
            return;
        }
        int request = batch.requestStart(line) < 0 ? internRequest(-1, -1, DASH, 0, 1)
                : request(d, batch.requestStart(line), batch.requestEnd(line));
        if (options.excludeStatic() && requestStatic[request]) {
            excluded++;
            return;
        }
        int status = batch.status(line);
        long size = batch.responseBytes(line);
        int date = timed ? batch.localDate(line) : 0;
        int dateId = timed ? dateId(date) : -1;
        int hour = timed ? batch.localHour(line) : -1;
        int browser = agentBrowser[agent] - 1;
        int os = agentOs[agent] - 1;
        int requestPanel = status == 404 ? NOT_FOUND : requestStatic[request] ? STATIC_REQUESTS : REQUESTS;
        int referrer = -1;
        int site = -1;
        int referrerStart = batch.referrerStart(line);
        if (referrerStart >= 0) {
            int referrerEnd = batch.referrerEnd(line);
            int raw = referrerStart == referrerEnd ? rawReferrers.intern(DASH, 0, 1)
                    : rawReferrers.intern(d, referrerStart, referrerEnd);
            referrer = referrerRow(raw);
            site = site(referrer);
        }

        valid++;
        bandwidth += size;
        if (timed) {
            panels[VISITORS].add(dateId, size);
            panels[VISIT_TIME].add(hour, size);
        }
        panels[requestPanel].add(request, size);
        panels[HOSTS].add(host, size);
        if (!noAgent) {
            panels[OS].add(os, size);
            panels[BROWSERS].add(browser, size);
        }
        panels[STATUS_CODES].add(status, size);
        if (referrer >= 0) {
            panels[REFERRERS].add(referrer, size);
            if (site >= 0) {
                panels[REFERRING_SITES].add(site, size);
            }
        }
        long micros = batch.responseMicros(line);
        if (micros >= 0) {
            if (times == null) {
                times = KllDoublesSketch.newHeapInstance(PanelStats.KLL_K);
            }
            times.update(micros);
            panels[requestPanel].time(request, micros);
        }

        if (options.clientErrorsAsVisitors() || status / 100 != 4) {
            long visitor = visitorHash(date, host, agent);
            // date, host and user agent (so OS and browser) are parts of the visitor: a visitor seen before
            // is already in those rows, unless the exact set has given way to the sketch
            if (visitors.add(visitor) || !visitors.exact()) {
                if (timed) {
                    sampler.add(visitor, VISITORS, dateId);
                }
                sampler.add(visitor, HOSTS, host);
                if (!noAgent) {
                    sampler.add(visitor, OS, os);
                    sampler.add(visitor, BROWSERS, browser);
                }
            }
            sampler.add(visitor, requestPanel, request);
            if (timed) {
                sampler.add(visitor, VISIT_TIME, hour);
            }
            sampler.add(visitor, STATUS_CODES, status);
            if (referrer >= 0) {
                sampler.add(visitor, REFERRERS, referrer);
                if (site >= 0) {
                    sampler.add(visitor, REFERRING_SITES, site);
                }
            }
        }
        if (timed && date < minDate) {
            minDate = date;
        }
        if (timed && date > maxDate) {
            maxDate = date;
        }
    }

    private static long visitorHash(int date, int host, int agent) {
        long h = ((long) date * MIX) ^ host;
        h = (h * MIX) ^ agent;
        h *= MIX;
        return h ^ (h >>> 31);
    }

    private int dateId(int date) {
        if (date == lastDate) {
            return lastDateId;
        }
        Integer id = dateIds.get(date);
        if (id == null) {
            id = dateIds.size();
            dateIds.put(date, id);
            if (id >= dates.length) {
                dates = Arrays.copyOf(dates, dates.length * 2);
            }
            dates[id] = date;
        }
        lastDate = date;
        lastDateId = id;
        return id;
    }

    private boolean hostExcluded(int host) {
        if (host >= hostExcluded.length) {
            hostExcluded = Arrays.copyOf(hostExcluded, Math.max(host + 1, hostExcluded.length * 2));
        }
        if (hostExcluded[host] == 0) {
            byte[] address = IpRange.literal(hosts.text(host));
            boolean out = false;
            if (address != null) {
                for (IpRange range : options.excludeIps()) {
                    if (range.contains(address)) {
                        out = true;
                        break;
                    }
                }
            }
            hostExcluded[host] = (byte) (out ? 2 : 1);
        }
        return hostExcluded[host] == 2;
    }

    private void classify(int agent) {
        if (agent >= agentBrowser.length) {
            int capacity = Math.max(agent + 1, agentBrowser.length * 2);
            agentBrowser = Arrays.copyOf(agentBrowser, capacity);
            agentOs = Arrays.copyOf(agentOs, capacity);
            agentCrawler = Arrays.copyOf(agentCrawler, capacity);
        }
        UserAgents.Kind kind = UserAgents.classify(agents.text(agent));
        agentBrowser[agent] = browsers.id(kind.browser(), kind.browserVersion()) + 1;
        agentOs[agent] = systems.id(kind.os(), kind.osVersion()) + 1;
        agentCrawler[agent] = kind.crawler();
    }

    private int referrerRow(int raw) {
        if (raw >= referrerRows.length) {
            referrerRows = Arrays.copyOf(referrerRows, Math.max(raw + 1, referrerRows.length * 2));
        }
        if (referrerRows[raw] == 0) {
            byte[] row = Referrers.asGoAccessShows(rawReferrers.text(raw)).getBytes(StandardCharsets.UTF_8);
            referrerRows[raw] = referrers.intern(row, 0, row.length) + 1;
        }
        return referrerRows[raw] - 1;
    }

    private int site(int referrer) {
        if (referrer >= referrerSite.length) {
            int old = referrerSite.length;
            referrerSite = Arrays.copyOf(referrerSite, Math.max(referrer + 1, old * 2));
            Arrays.fill(referrerSite, old, referrerSite.length, -1);
        }
        if (referrerSite[referrer] < 0) {
            referrerSite[referrer] = siteOf(referrer) + 1;
        }
        return referrerSite[referrer] - 1;
    }

    /** The host part of a referrer URL: after {@code //}, up to the next {@code /}; -1 if there is none. */
    private int siteOf(int referrer) {
        int length = referrers.length(referrer);
        if (length == 1 && referrers.byteAt(referrer, 0) == '-') {
            return -1;
        }
        byte[] url = new byte[length];
        for (int i = 0; i < length; i++) {
            url[i] = referrers.byteAt(referrer, i);
        }
        int begin = -1;
        for (int i = 0; i + 1 < length; i++) {
            if (url[i] == '/' && url[i + 1] == '/') {
                begin = i + 2;
                break;
            }
        }
        if (begin < 0 || begin >= length) {
            return -1;
        }
        int end = begin;
        while (end < length && url[end] != '/') {
            end++;
        }
        if (end == begin) {
            return -1;
        }
        return sites.intern(url, begin, end);
    }

    /**
     * The request row of the request field {@code d[start, end)}, split as GoAccess does: a known method at the
     * start (any case), the protocol after the last space; without a method the whole field is the path, with a
     * method but no known protocol the path is {@code -}. The path is URL-decoded and trimmed.
     */
    private int request(byte[] d, int start, int end) {
        int method = match(METHOD_BYTES, d, start, end);
        int protocol = -1;
        int pathStart = start;
        int pathEnd = end;
        if (method >= 0) {
            int afterMethod = start + METHOD_BYTES[method].length;
            int lastSpace = -1;
            for (int i = end - 1; i >= afterMethod; i--) {
                if (d[i] == ' ') {
                    lastSpace = i;
                    break;
                }
            }
            protocol = lastSpace < 0 ? -1 : match(PROTOCOL_BYTES, d, lastSpace + 1, end);
            if (protocol < 0 || lastSpace - (afterMethod + 1) <= 0) {
                return internRequest(-1, -1, DASH, 0, 1);
            }
            pathStart = afterMethod + 1;
            pathEnd = lastSpace;
        }
        return internRequest(method, protocol, d, pathStart, pathEnd);
    }

    private int internRequest(int method, int protocol, byte[] d, int start, int end) {
        int length = end - start;
        if (scratch.length < length + 2) {
            scratch = new byte[Math.max(scratch.length * 2, length + 2)];
        }
        scratch[0] = (byte) (method + 1);
        scratch[1] = (byte) (protocol + 1);
        int n = 2;
        boolean escaped = false;
        for (int i = start; i < end; i++) {
            if (d[i] == '%') {
                escaped = true;
                break;
            }
        }
        if (escaped) {
            for (int i = start; i < end; i++) {
                byte b = d[i];
                if (b == '%' && i + 2 < end && hex(d[i + 1]) >= 0 && hex(d[i + 2]) >= 0) {
                    b = (byte) (hex(d[i + 1]) * 16 + hex(d[i + 2]));
                    i += 2;
                }
                if (b != '\n' && b != '\r') {
                    scratch[n++] = b;
                }
            }
            if (n == 2) {
                System.arraycopy(d, start, scratch, 2, length);
                n = 2 + length;
            }
        } else {
            System.arraycopy(d, start, scratch, 2, length);
            n = 2 + length;
        }
        int from = 2;
        while (from < n && isSpace(scratch[from])) {
            from++;
        }
        while (n > from && isSpace(scratch[n - 1])) {
            n--;
        }
        if (from > 2) {
            System.arraycopy(scratch, from, scratch, 2, n - from);
            n -= from - 2;
        }
        if (!options.queryString()) {
            for (int i = 3; i < n; i++) {
                if (scratch[i] == '?') {
                    n = i;
                    break;
                }
            }
        }
        int before = requests.size();
        int id = requests.intern(scratch, 0, n);
        if (id == before) {
            if (id >= requestStatic.length) {
                requestStatic = Arrays.copyOf(requestStatic, requestStatic.length * 2);
            }
            requestStatic[id] = StaticFiles.isStatic(scratch, 2, n);
        }
        return id;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** The index of the entry that {@code d[start, end)} starts with (ASCII letters in any case), or -1. */
    private static int match(byte[][] table, byte[] d, int start, int end) {
        outer:
        for (int i = 0; i < table.length; i++) {
            byte[] word = table[i];
            if (end - start < word.length) {
                continue;
            }
            for (int j = 0; j < word.length; j++) {
                byte b = d[start + j];
                if (b >= 'a' && b <= 'z') {
                    b -= 32;
                }
                if (b != word[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[][] ascii(String[] words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /**
     * The report as GoAccess lays out its JSON ({@code general} and one object per panel), plus a
     * {@code metadata} object on how it was computed.
     *
     * @param totalLines lines read, parsed or not
     * @param failed     lines that did not parse
     * @param logSize    the log's size in bytes
     */
    public Map<String, Object> toJson(long totalLines, long failed, long logSize) {
        return new ReportJson(this, totalLines, failed, logSize).render();
    }

    // read by ReportJson

    PanelStats panel(int panel) {
        return panels[panel];
    }

    long rowVisitors(int panel, int row) {
        return sampler.visitors(panel, row);
    }

    int samplerLevel() {
        return sampler.level();
    }

    UniqueCount visitors() {
        return visitors;
    }

    long valid() {
        return valid;
    }

    long excluded() {
        return excluded;
    }

    long bandwidth() {
        return bandwidth;
    }

    int minDate() {
        return minDate == Integer.MAX_VALUE ? -1 : minDate;
    }

    int maxDate() {
        return maxDate == Integer.MIN_VALUE ? -1 : maxDate;
    }

    KllDoublesSketch times() {
        return times;
    }

    int date(int dateId) {
        return dates[dateId];
    }

    int dateCount() {
        return dateIds.size();
    }

    ByteKeys hosts() {
        return hosts;
    }

    ByteKeys requests() {
        return requests;
    }

    ByteKeys referrers() {
        return referrers;
    }

    ByteKeys sites() {
        return sites;
    }

    GroupedKeys browsers() {
        return browsers;
    }

    GroupedKeys systems() {
        return systems;
    }

    /** Items (a browser version, an OS version) grouped under a parent (the browser, the OS family). */
    static final class GroupedKeys {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> items = new ArrayList<>();
        private final List<String> parents = new ArrayList<>();

        int id(String parent, String item) {
            return ids.computeIfAbsent(parent + '\u0000' + item, k -> {
                items.add(item);
                parents.add(parent);
                return items.size() - 1;
            });
        }

        int size() {
            return items.size();
        }

        String item(int id) {
            return items.get(id);
        }

        String parent(int id) {
            return parents.get(id);
        }
    }
}
