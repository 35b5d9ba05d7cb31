/// The dashboard page and the login form: self-contained HTML (inline CSS and JS, no
/// external resources), served by the binary.
enum DashboardPage {
    static func login(message: String?) -> String {
        let note = message.map { "<p class=err>\($0)</p>" } ?? ""
        return """
        <!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content="width=device-width,initial-scale=1">
        <title>IoTShield — sign in</title><style>
        body{font:15px system-ui,sans-serif;background:#0f172a;color:#e2e8f0;display:flex;align-items:center;justify-content:center;height:100vh;margin:0}
        form{background:#1e293b;padding:2rem;border-radius:10px;width:26rem}input{width:100%;box-sizing:border-box;padding:.6rem;margin:.8rem 0;border-radius:6px;border:1px solid #475569;background:#0f172a;color:#e2e8f0;font-family:monospace}
        button{padding:.6rem 1.2rem;border:0;border-radius:6px;background:#38bdf8;color:#0f172a;font-weight:600;cursor:pointer}.err{color:#f87171}
        </style></head><body><form method=post action=/login><h2>IoTShield dashboard</h2>
        <label>Read token (<code>iotshield token create --role read</code>)<input name=token type=password autocomplete=off autofocus></label>
        \(note)<button type=submit>Sign in</button></form></body></html>
        """
    }

    static let html = """
    <!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content="width=device-width,initial-scale=1">
    <title>IoTShield</title><style>
    :root{--bg:#0f172a;--panel:#1e293b;--line:#334155;--text:#e2e8f0;--dim:#94a3b8;--accent:#38bdf8}
    *{box-sizing:border-box}body{margin:0;font:14px system-ui,sans-serif;background:var(--bg);color:var(--text)}
    header{display:flex;gap:1.5rem;align-items:center;padding:.7rem 1.2rem;border-bottom:1px solid var(--line)}
    header h1{font-size:1.1rem;margin:0}header .pill{padding:.15rem .6rem;border-radius:99px;background:var(--panel);color:var(--dim)}
    .ok{color:#4ade80!important}.bad{color:#f87171!important}header a{margin-left:auto;color:var(--dim)}
    main{display:grid;grid-template-columns:2fr 1fr;gap:1rem;padding:1rem 1.2rem}
    section{background:var(--panel);border-radius:8px;padding:.8rem 1rem;min-width:0}h2{font-size:.95rem;margin:.1rem 0 .6rem;color:var(--dim);font-weight:600}
    table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:.3rem .4rem;border-bottom:1px solid var(--line);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
    th{color:var(--dim);font-weight:500}tr.new{animation:flash 2s}@keyframes flash{from{background:#0e7490}to{background:transparent}}
    #incidents{max-height:60vh;overflow:auto}.fam{display:inline-block;width:.7rem;height:.7rem;border-radius:2px;margin-right:.35rem}
    canvas{width:100%;height:180px}.kpis{display:flex;gap:1rem;flex-wrap:wrap}.kpi{flex:1;min-width:7rem}.kpi b{display:block;font-size:1.5rem}
    .kpi span{color:var(--dim)}@media(max-width:900px){main{grid-template-columns:1fr}}
    </style></head><body>
    <header><h1>IoTShield</h1><span class=pill>model <b id=model>…</b> <span id=model-metrics></span></span><span class=pill>store <b id=store>…</b></span>
    <span class=pill>live <b id=live class=bad>connecting</b></span><a href=/logout>sign out</a></header>
    <main>
    <div style="display:grid;gap:1rem;min-width:0">
    <section><div class=kpis><div class=kpi><b id=k-records>0</b><span>records ingested</span></div><div class=kpi><b id=k-inc>0</b><span>incidents</span></div>
    <div class=kpi><b id=k-open>0</b><span>unacknowledged</span></div><div class=kpi><b id=k-flight>0</b><span>requests in flight</span></div></div></section>
    <section><h2>Incidents per minute by family (last hour of traffic)</h2><canvas id=chart width=900 height=180></canvas><div id=legend></div></section>
    <section><h2>Incidents (newest first, live)</h2><div id=incidents><table><thead><tr><th>first seen</th><th>family</th><th>label</th><th>source</th><th>destination</th><th>windows</th><th>peak p</th></tr></thead><tbody id=rows></tbody></table></div></section>
    <section><h2>Sensors and ingest (health)</h2><table id=sensors></table></section>
    </div>
    <div style="display:grid;gap:1rem;align-content:start;min-width:0">
    <section><h2>Per family</h2><table id=families></table></section>
    <section><h2>Top attacking hosts</h2><table id=sources></table></section>
    <section><h2>Top attacked hosts</h2><table id=dests></table></section>
    </div></main>
    <script>
    const colors={};const palette=['#f87171','#fb923c','#facc15','#4ade80','#38bdf8','#a78bfa','#f472b6','#2dd4bf','#e879f9'];
    function color(f){if(!colors[f])colors[f]=palette[Object.keys(colors).length%palette.length];return colors[f]}
    function esc(s){return String(s??'–').replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]))}
    function time(t){return new Date(t*1000).toISOString().replace('T',' ').slice(0,19)}
    const seen=new Map();
    function row(i,fresh){const tr=document.createElement('tr');if(fresh)tr.className='new';
    tr.innerHTML=`<td>${time(i.first_seen)}</td><td><span class=fam style="background:${color(i.family)}"></span>${esc(i.family)}</td><td>${esc(i.label)}</td><td>${esc(i.src_ip)}</td><td>${esc(i.dest_ip)}</td><td>${i.windows}</td><td>${Number(i.peak_probability).toFixed(3)}</td>`;return tr}
    function upsert(i,fresh){const rows=document.getElementById('rows');const old=seen.get(i.id);const tr=row(i,fresh);
    if(old){old.replaceWith(tr)}else{rows.insertBefore(tr,rows.firstChild);while(rows.children.length>300)rows.lastChild.remove()}seen.set(i.id,tr)}
    function table(id,head,items){document.getElementById(id).innerHTML='<tr>'+head.map(h=>`<th>${h}</th>`).join('')+'</tr>'+items.map(r=>'<tr>'+r.map(c=>`<td>${c}</td>`).join('')+'</tr>').join('')}
    function chart(points){const c=document.getElementById('chart'),g=c.getContext('2d');g.clearRect(0,0,c.width,c.height);if(!points.length)return;
    const minutes=[...new Set(points.map(p=>p.minute))].sort((a,b)=>a-b);const end=minutes[minutes.length-1],start=end-59*60;
    const fams=[...new Set(points.map(p=>p.family))];const stack={};let max=1;
    for(const p of points){const k=p.minute;stack[k]=(stack[k]||0)+p.incidents;max=Math.max(max,stack[k])}
    const w=c.width/60,h=c.height-18;const base={};
    for(const f of fams){g.fillStyle=color(f);for(const p of points.filter(q=>q.family==f)){const x=(p.minute-start)/60*w;const y0=base[p.minute]||0;const bh=p.incidents/max*h;g.fillRect(x+1,h-y0-bh,w-2,bh);base[p.minute]=y0+bh}}
    g.fillStyle='#94a3b8';g.font='11px sans-serif';g.fillText(time(start).slice(11,16),2,c.height-4);g.fillText(time(end).slice(11,16),c.width-34,c.height-4);g.fillText('max '+max,2,12);
    document.getElementById('legend').innerHTML=fams.map(f=>`<span style="margin-right:1rem"><span class=fam style="background:${color(f)}"></span>${esc(f)}</span>`).join('')}
    async function refresh(){try{const s=await (await fetch('/v1/stats')).json();const inc=s.incidents;
    document.getElementById('model').textContent=s.model.model_id||'none loaded';document.getElementById('model').className=s.model.model_id?'ok':'bad';
    const tm=s.model.test_metrics;document.getElementById('model-metrics').textContent=tm?`test: macro-F1 ${tm.macro_f1.toFixed(3)} · accuracy ${tm.accuracy.toFixed(3)}`+(tm.auc_macro!=null?` · AUC ${tm.auc_macro.toFixed(3)}`:'')+(tm.benign_fpr!=null?` · benign FPR ${tm.benign_fpr.toFixed(3)}`:'')+` (${s.model.test_rows} rows)`:'';
    document.getElementById('k-records').textContent=s.records_ingested;document.getElementById('k-inc').textContent=inc.incidents_total;
    document.getElementById('k-open').textContent=inc.incidents_unacknowledged;document.getElementById('k-flight').textContent=s.in_flight;
    table('families',['family','incidents'],Object.entries(inc.per_family).sort((a,b)=>b[1]-a[1]).map(([f,n])=>[`<span class=fam style="background:${color(f)}"></span>${esc(f)}`,n]));
    table('sources',['host','incidents','windows'],inc.top_sources.map(h=>[esc(h.host),h.incidents,h.windows]));
    table('dests',['host','incidents','windows'],inc.top_destinations.map(h=>[esc(h.host),h.incidents,h.windows]));
    table('sensors',['sensor','records / windows','packets','packets/s','drops','attacks','last seen'],s.sensors.map(x=>[`<span title="${esc(x.sensor)}">${esc(x.sensor.replace(/^capture:.*[/]/,'capture:'))}</span>`,x.records,x.packets??'–',x.packets_per_second!=null?Math.round(x.packets_per_second):'–',x.kernel_drops??'–',x.attacks,x.finished?'ended':time(x.last_seen).slice(11)]));
    chart(inc.timeline);const r=await fetch('/readyz');const st=document.getElementById('store');st.textContent=(await r.json()).store;st.className=r.ok?'ok':'bad'}catch(e){}}
    async function load(){const r=await fetch('/v1/alerts?limit=200');if(r.status==401){location.href='/';return}const a=await r.json();for(const i of a.incidents.reverse())upsert(i,false)}
    function live(){const ws=new WebSocket((location.protocol=='https:'?'wss://':'ws://')+location.host+'/v1/alerts/stream');const l=document.getElementById('live');
    ws.onmessage=m=>{const e=JSON.parse(m.data);if(e.event=='subscribed'){l.textContent='connected';l.className='ok';return}if(e.incident){upsert(e.incident,true)}};
    ws.onclose=()=>{l.textContent='reconnecting';l.className='bad';setTimeout(live,2000)}}
    load();refresh();live();setInterval(refresh,5000);
    </script></body></html>
    """
}
