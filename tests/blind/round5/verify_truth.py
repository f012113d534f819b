"""Checks the round-5 truth files against the stories as helpers.load_stories loads them (parsing only; no extraction)."""
import json, glob, datetime, re, sys
import os
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
sys.path.insert(0, ROOT)
import helpers
ref = json.load(open(ROOT + '/tests/truth/026_putin-visits-kursk-command-post-in-fatigues.json'))
TOP = list(ref.keys()); EVK = list(ref['events'][0].keys())
TYPES = {"strike","interception","ground_assault","territorial_claim","repelled_attack","evacuation","statement","reinforcement","casualties","infrastructure_damage","other"}
SIDES = {"Ukraine","Russia","United States","Israel","Lebanon","Iran","Syria","Myanmar","Mali","Hezbollah","Hamas","Houthis","RSF","Sudan army","M23","HTS","JNIM","Arakan Army","DR Congo","Rwanda","Japan","reporter","other"}
iso = re.compile(r'^\d{4}-\d{2}-\d{2}$')
tot = core = 0
for f in sorted(glob.glob(ROOT + '/tests/blind/round5/truth/*.json')):
    d = json.load(open(f, encoding='utf-8'))
    assert list(d.keys()) == TOP, f
    assert d['story_id'] == f.split('/')[-1][:-5]
    text = helpers.load_stories(ROOT + '/' + d['story_file']).loc[0, 'text']
    meta = json.load(open(ROOT + '/' + d['story_file'][:-4] + '.meta.json'))
    assert list(meta.keys())[:2] == ['url', 'outlet']
    if 'published' in meta:
        pub = datetime.datetime.fromisoformat(meta['published'].replace('Z', '+00:00')).astimezone(datetime.timezone.utc).date().isoformat()
        assert pub == d['publication_date'], (f, pub)
        assert re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$', meta['published'])
    assert datetime.date.fromisoformat(d['publication_date']).strftime('%A') == d['publication_weekday']
    assert d['outlet'] == meta['outlet'], (d['outlet'], meta['outlet'])
    evs = d['events']
    assert d['n_events'] == len(evs) and d['n_core_events'] == sum(e['core'] for e in evs)
    for i, e in enumerate(evs, 1):
        assert list(e.keys()) == EVK, (f, i)
        assert e['id'] == f"{d['story_id'][:3]}-E{i:02d}"
        assert e['sentence'] in text and text.find(e['sentence']) == e['char_start'], (f, i)
        for a in e['also_in']: assert a in text, (f, i, a)
        for q in e['quantities']: assert q['text'] in text and set(q) == {'value','unit','text'}, (f, i, q)
        assert e['event_type'] in TYPES and set(e['alt_event_types']) <= TYPES
        assert e['claimant_side'] in SIDES, (f, i, e['claimant_side'])
        for k in ['event_date', 'claim_date']:
            assert e[k] is None or iso.match(e[k]), (f, i, k)
        for x in e['acceptable_dates'] + (e['date_range'] or []): assert iso.match(x), (f, i)
        assert e['date_precision'] in (None, 'day', 'week', 'month')
        if e['event_date'] is None and e['core']: assert e['null_date_acceptable'], (f, i, 'core null date')
        assert e['verified'] in (None, False)
        assert isinstance(e['core'], bool) and isinstance(e['null_date_acceptable'], bool)
    paras = text.count('\n\n') + 1
    tot += len(evs); core += d['n_core_events']
    print(f.split('/')[-1], d['outlet'], d['publication_date'], d['publication_weekday'], 'paras', paras, 'events', len(evs), 'core', d['n_core_events'])
print('TOTAL', tot, core)
