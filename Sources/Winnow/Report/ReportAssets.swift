/// The report's inline stylesheet and script: no fonts, images or scripts from anywhere else.
enum ReportAssets {
    static let css = """
    :root{--body:#1a7f37;--body-bg:#dafbe1;--disclaimer:#8250df;--disclaimer-bg:#f3e8ff;--tags:#0b7285;--tags-bg:#d3f4f8;--navigation:#57606a;--navigation-bg:#eaeef2;--teasers:#9a6700;--teasers-bg:#fff1c2;--wrong:#cf222e;--line:#d0d7de;--muted:#656d76}
    *{box-sizing:border-box}
    body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2328;background:#f6f8fa}
    header{background:#fff;border-bottom:1px solid var(--line);padding:16px 24px;position:sticky;top:0;z-index:5}
    h1{margin:0 0 2px;font-size:20px}
    h2{font-size:15px;margin:0 0 10px}
    .meta{margin:0 0 8px;color:var(--muted)}
    main{padding:16px 24px;max-width:1400px}
    .legend{display:flex;gap:6px;flex-wrap:wrap;align-items:center}
    .legend-note,.hint,.note{color:var(--muted);font-size:12px}
    .chip{border:1px solid currentColor;border-radius:12px;padding:2px 10px;font:inherit;font-size:12px;cursor:pointer}
    .chip .n{opacity:.75}
    .chip.off{opacity:.35;text-decoration:line-through}
    .l-body{color:var(--body);background:var(--body-bg)} .l-disclaimer{color:var(--disclaimer);background:var(--disclaimer-bg)}
    .l-tags{color:var(--tags);background:var(--tags-bg)} .l-navigation{color:var(--navigation);background:var(--navigation-bg)}
    .l-teasers{color:var(--teasers);background:var(--teasers-bg)}
    .l-body-fill{background:var(--body)} .l-disclaimer-fill{background:var(--disclaimer)} .l-tags-fill{background:var(--tags)}
    .l-navigation-fill{background:#8c959f} .l-teasers-fill{background:#d4a72c}
    .l-body-text{fill:var(--body)} .l-disclaimer-text{fill:var(--disclaimer)} .l-tags-text{fill:var(--tags)} .l-navigation-text{fill:var(--navigation)} .l-teasers-text{fill:var(--teasers)}
    .cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:12px}
    .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:170px}
    .card .value{font-size:26px;font-weight:600}
    .card .name{font-weight:600}
    .row{display:flex;gap:12px;flex-wrap:wrap;align-items:flex-start}
    .panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin-bottom:12px;overflow-x:auto}
    table{border-collapse:collapse}
    th,td{padding:4px 10px;text-align:left;border-bottom:1px solid #eaeef2;white-space:nowrap}
    th{font-size:12px;color:var(--muted);font-weight:600}
    tfoot td{border-top:2px solid var(--line);font-weight:600}
    .tag{border-radius:10px;padding:1px 8px;font-size:12px}
    .barcell{width:160px}
    .bar{display:inline-block;width:150px;height:10px;background:#eaeef2;border-radius:5px;overflow:hidden;vertical-align:middle}
    .bar .fill{display:block;height:100%}
    .deciders tr.more{display:none} .deciders.all tr.more{display:table-row}
    .mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
    .poor{color:var(--wrong);font-weight:600}
    .linkish{background:none;border:none;color:#0969da;cursor:pointer;padding:6px 0;font:inherit}
    svg.confusion text{font-size:12px;fill:#1f2328} svg.confusion .axis{fill:var(--muted);font-size:12px}
    svg.confusion .tick{font-weight:600} svg.confusion .count{font-size:15px;font-weight:600}
    svg.confusion .share{font-size:10px;fill:var(--muted)} svg.confusion .strong{fill:#fff}
    svg.confusion .note{fill:var(--muted);font-size:11px}
    .toolbar{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin:8px 0 10px}
    .toolbar h2{margin:0}
    .toolbar input[type=search]{padding:4px 8px;border:1px solid var(--line);border-radius:6px;min-width:220px}
    .toolbar button,.toolbar select{font:inherit;font-size:12px;padding:3px 10px;border:1px solid var(--line);border-radius:6px;background:#fff;cursor:pointer}
    details.page{background:#fff;border:1px solid var(--line);border-radius:8px;margin-bottom:8px}
    details.page>summary{cursor:pointer;padding:8px 12px;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
    .pname{font-weight:600}
    .pmeta{color:var(--muted);font-size:12px}
    .ok{color:var(--body);font-size:12px} .bad{color:var(--wrong);font-size:12px;font-weight:600}
    .minimap{display:flex;height:12px;flex:0 0 380px;margin-left:auto;border-radius:3px;overflow:hidden;gap:1px;background:#fff}
    .minimap i{flex:1 1 0;min-width:1px;display:block}
    .minimap i.x{box-shadow:inset 0 -4px 0 var(--wrong)}
    ol.segments{list-style:none;margin:0;padding:0 12px 12px}
    .seg{position:relative;display:flex;gap:10px;align-items:baseline;padding:3px 8px;margin:2px 0;border-radius:4px;border-left:4px solid currentColor}
    .seg .txt{color:#1f2328;flex:1;word-break:break-word}
    .seg .ln{color:var(--muted);font-size:11px;min-width:28px;text-align:right;font-family:ui-monospace,monospace}
    .seg .lab{font-size:11px;font-weight:600;min-width:74px}
    .seg.wrong{outline:2px solid var(--wrong);outline-offset:-1px}
    .seg .gold{font-size:11px;font-weight:600;border-radius:8px;padding:0 6px;white-space:nowrap;border:1px solid var(--wrong)}
    .seg:hover::after{content:attr(data-by);position:absolute;left:48px;top:100%;z-index:4;background:#1f2328;color:#fff;font-size:12px;padding:4px 8px;border-radius:4px;white-space:nowrap;pointer-events:none;box-shadow:0 2px 8px rgba(0,0,0,.25)}
    .hide-body .seg.l-body,.hide-disclaimer .seg.l-disclaimer,.hide-tags .seg.l-tags,.hide-navigation .seg.l-navigation,.hide-teasers .seg.l-teasers{display:none}
    .only-wrong .seg:not(.wrong){display:none}
    .hidden{display:none}
    @media print{header{position:static}.toolbar{display:none}details.page{break-inside:avoid}}
    """

    static let script = """
    (function(){
      var list=document.getElementById('page-list'),pages=Array.prototype.slice.call(document.querySelectorAll('details.page'));
      document.querySelectorAll('.chip').forEach(function(chip){chip.addEventListener('click',function(){
        chip.classList.toggle('off');document.body.classList.toggle('hide-'+chip.dataset.label);});});
      var filter=document.getElementById('filter'),onlyPages=document.getElementById('only-pages'),onlyWrong=document.getElementById('only-wrong'),sort=document.getElementById('sort');
      function apply(){var q=(filter.value||'').toLowerCase();pages.forEach(function(p){
        var hide=(q&&p.dataset.name.indexOf(q)<0)||(onlyPages&&onlyPages.checked&&p.dataset.mistakes==='0');p.classList.toggle('hidden',!!hide);});}
      filter.addEventListener('input',apply);
      if(onlyPages){onlyPages.addEventListener('change',apply);}
      if(onlyWrong){onlyWrong.addEventListener('change',function(){document.body.classList.toggle('only-wrong',onlyWrong.checked);});}
      if(sort){sort.addEventListener('change',function(){var key=sort.value;pages.sort(function(a,b){
        return key==='mistakes'?(b.dataset.mistakes-a.dataset.mistakes)||(a.dataset.order-b.dataset.order):a.dataset.order-b.dataset.order;});
        pages.forEach(function(p){list.appendChild(p);});});}
      document.getElementById('expand').addEventListener('click',function(){pages.forEach(function(p){if(!p.classList.contains('hidden'))p.open=true;});});
      document.getElementById('collapse').addEventListener('click',function(){pages.forEach(function(p){p.open=false;});});
      var more=document.getElementById('more-deciders');
      if(more){more.addEventListener('click',function(){document.querySelector('table.deciders').classList.toggle('all');});}
      var hash=location.hash.slice(1);
      if(hash==='all'){pages.forEach(function(p){p.open=true;});}
      else if(hash==='mistakes'&&sort){sort.value='mistakes';sort.dispatchEvent(new Event('change'));pages.forEach(function(p){p.open=p.dataset.mistakes!=='0';});}
    })();
    """
}
