/* SPDX-License-Identifier: MIT */
/* form.js: the fillable form's behaviour (securebase form --fillable). It keeps the answers in
   this browser's localStorage and writes them as the answers CSV that `securebase score` reads.
   It never scores and never connects anywhere (the page's Content-Security-Policy forbids it). */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('sb-data').textContent);
  var root = document.documentElement;
  var N = D.items.length;
  var $ = function (id) { return document.getElementById(id); };
  var sets = D.items.map(function (id) { return $('q-' + id); });
  var st = { v: 1, lang: D.lang, mode: 'single', step: -1, id: '', answers: {}, skipped: {} };
  var store = null;
  var lastPointer = 0, pointerItem = -1, advance = 0;

  try {
    store = window.localStorage;
    store.getItem(D.key);
  } catch (e) {
    store = null;
  }

  function t(key, vars) {
    var s = (D.msg[st.lang] || D.msg[D.lang])[key] || '';
    return s.replace(/\{(\w+)\}/g, function (m, k) {
      return vars && vars[k] !== undefined ? String(vars[k]) : m;
    });
  }
  function range(i) {
    return { min: +sets[i].getAttribute('data-min'), max: +sets[i].getAttribute('data-max') };
  }
  function answered() {
    var n = 0;
    D.items.forEach(function (id) { if (st.answers[id] !== undefined) n++; });
    return n;
  }
  var ready = false; /* nothing is written before the client does something */
  function persist() {
    if (!store || !ready) return;
    try { store.setItem(D.key, JSON.stringify(st)); } catch (e) { /* full or refused: kept in the tab */ }
  }
  function say(el, text, cls) {
    el.textContent = text;
    el.className = 'status' + (cls ? ' ' + cls : '');
  }

  /* --- one item's state on screen --- */
  function mark(i) {
    var id = D.items[i];
    var v = st.answers[id];
    sets[i].querySelectorAll('input[type=radio]').forEach(function (r) {
      r.checked = v !== undefined && +r.value === v;
      r.parentNode.classList.toggle('on', r.checked);
    });
    sets[i].querySelector('.skipped').hidden = !st.skipped[id];
  }
  function choose(i, v) {
    var id = D.items[i];
    st.answers[id] = v;
    delete st.skipped[id];
    mark(i);
    persist();
    status();
  }
  function skip(i) {
    var id = D.items[i];
    delete st.answers[id];
    st.skipped[id] = true;
    mark(i);
    persist();
    status();
    if (st.mode === 'single') go(i + 1);
    else focusItem(i + 1);
  }

  /* --- where we are --- */
  function status() {
    var a = answered();
    $('prog').value = a;
    if (st.mode === 'single' && st.step >= 0 && st.step < N)
      $('pos').textContent = t('position', { n: st.step + 1, total: N, answered: a });
    else
      $('pos').textContent = t('answered', { answered: a, total: N });
    tally();
  }
  function tally() {
    var a = answered();
    $('tally').textContent = a === N ? t('allAnswered', { total: N })
      : t('someAnswered', { answered: a, total: N, blank: N - a });
    var gaps = $('gaps');
    gaps.textContent = '';
    D.items.forEach(function (id, i) {
      if (st.answers[id] !== undefined) return;
      var li = document.createElement('li');
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'quiet';
      b.textContent = t('goTo', { n: i + 1 });
      b.addEventListener('click', function () {
        if (st.mode === 'single') go(i); else focusItem(i);
      });
      li.appendChild(b);
      gaps.appendChild(li);
    });
    $('gaps-label').hidden = a === N;
  }
  function focusItem(i, noScroll) {
    if (i >= N) { $('finish-h').focus({ preventScroll: !!noScroll }); return; }
    var r = sets[i].querySelector('input:checked') || sets[i].querySelector('input[type=radio]');
    r.focus({ preventScroll: !!noScroll });
  }
  function show() {
    var single = st.mode === 'single';
    root.classList.toggle('single', single);
    root.classList.toggle('list', !single);
    root.classList.toggle('at-intro', single && st.step < 0);
    $('intro').classList.toggle('current', st.step < 0);
    $('finish').classList.toggle('current', st.step >= N);
    sets.forEach(function (s, i) { s.classList.toggle('current', i === st.step); });
    $('back').disabled = st.step < 0;
    $('next').hidden = st.step >= N;
    status();
  }
  function go(step, noFocus) {
    clearTimeout(advance);
    st.step = Math.max(-1, Math.min(N, step));
    persist();
    show();
    if (noFocus || st.mode !== 'single') return;
    window.scrollTo(0, 0);
    if (st.step < 0) $('intro-h').focus({ preventScroll: true });
    else focusItem(st.step, true);
  }
  function current() {
    if (st.mode === 'single') return st.step >= 0 && st.step < N ? st.step : -1;
    var f = document.activeElement && document.activeElement.closest &&
      document.activeElement.closest('fieldset.q');
    return f ? sets.indexOf(f) : -1;
  }

  /* --- language and mode --- */
  function setLang(l) {
    if (!D.msg[l]) return;
    st.lang = l;
    root.lang = l;
    document.title = t('title');
    document.querySelectorAll('[data-lang]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === l));
    });
    $('rid').placeholder = t('idPlaceholder');
    persist();
    status();
  }
  function setMode(m) {
    st.mode = m === 'list' ? 'list' : 'single';
    document.querySelectorAll('input[name="sb-mode"]').forEach(function (r) {
      r.checked = r.value === st.mode;
    });
    persist();
    show();
  }

  /* --- the answers file --- */
  function cell(s) {
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csv(id) {
    var row = [cell(id)];
    D.items.forEach(function (item) {
      row.push(st.answers[item] !== undefined ? String(st.answers[item]) : '');
    });
    return D.header + '\n' + row.join(',') + '\n';
  }
  function today() {
    var d = new Date();
    var p = function (n) { return (n < 10 ? '0' : '') + n; };
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
  }
  function fileName(id) {
    /* the same rule as sb_answers_name_part in src/data/answers_name.c */
    var safe = id.replace(/[^A-Za-z0-9._]+/g, '_').slice(0, D.idMax);
    return 'answers-' + safe + '-' + D.stem + '-' + today() + '.csv';
  }
  function save() {
    var id = $('rid').value.trim();
    var out = $('saved');
    if (!id) {
      say(out, t('idMissing'), 'bad');
      $('rid').focus();
      return;
    }
    if (/[\u0000-\u001f\u007f-\u009f]/.test(id)) {
      say(out, t('idBad'), 'bad');
      $('rid').focus();
      return;
    }
    st.id = id;
    persist();
    var name = fileName(id);
    var url = URL.createObjectURL(new Blob([csv(id)], { type: 'text/csv' }));
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    say(out, t('saved', { file: name }), 'ok');
  }
  function erase() {
    st.answers = {};
    st.skipped = {};
    st.id = '';
    $('rid').value = '';
    sets.forEach(function (s, i) { mark(i); });
    $('confirm').hidden = true;
    say($('saved'), '');
    go(-1, true);
    /* last, so that nothing of this page is left in the browser */
    if (store) {
      try { store.removeItem(D.key); } catch (e) { /* nothing kept */ }
    }
    say($('erased'), t('erased'), 'ok');
    $('erased').focus();
  }

  /* --- wiring --- */
  sets.forEach(function (s, i) {
    s.addEventListener('change', function (e) {
      if (e.target.type === 'radio') {
        choose(i, +e.target.value);
        /* a tap goes on by itself, after a moment to see it; arrow keys do not */
        if (st.mode === 'single' && pointerItem === i && Date.now() - lastPointer < 1500) {
          pointerItem = -1;
          clearTimeout(advance);
          advance = setTimeout(function () { if (st.step === i) go(i + 1); }, 250);
        }
      }
    });
    s.addEventListener('pointerdown', function () {
      lastPointer = Date.now();
      pointerItem = i;
    });
    s.querySelector('button.skip').addEventListener('click', function () { skip(i); });
  });
  document.querySelectorAll('[data-lang]').forEach(function (b) {
    b.addEventListener('click', function () { setLang(b.getAttribute('data-lang')); });
  });
  document.querySelectorAll('input[name="sb-mode"]').forEach(function (r) {
    r.addEventListener('change', function () { setMode(r.value); });
  });
  $('start').addEventListener('click', function () {
    if (st.mode === 'single') go(0); else focusItem(0);
  });
  $('back').addEventListener('click', function () { go(st.step - 1); });
  $('next').addEventListener('click', function () { go(st.step + 1); });
  $('save').addEventListener('click', save);
  $('rid').addEventListener('input', function () { st.id = $('rid').value; persist(); });
  $('rid').addEventListener('keydown', function (e) {
    if (e.key === 'Enter') { e.preventDefault(); save(); }
  });
  document.querySelectorAll('button.erase').forEach(function (b) {
    b.addEventListener('click', function () {
      $('confirm').hidden = false;
      if (st.mode === 'single' && st.step < N) go(N, true);
      $('erase-yes').focus();
    });
  });
  $('erase-yes').addEventListener('click', erase);
  $('erase-no').addEventListener('click', function () {
    $('confirm').hidden = true;
    $('erase-open').focus();
  });
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented) return;
    var tg = e.target;
    var tag = tg && tg.tagName;
    if (tag === 'INPUT' && tg.type === 'text') return;
    if (tag === 'TEXTAREA' || tag === 'SELECT') return;
    var single = st.mode === 'single';
    var i = current();
    if (/^[0-9]$/.test(e.key) && i >= 0) {
      var v = +e.key, r = range(i);
      if (v < r.min || v > r.max) return;
      e.preventDefault();
      choose(i, v);
      if (single) go(i + 1); else focusItem(i + 1);
      return;
    }
    if (tag === 'BUTTON' && (e.key === 'Enter' || e.key === ' ')) return;
    var radio = tag === 'INPUT' && tg.type === 'radio';
    if (e.key === 'Enter') {
      if (tg.name === 'sb-mode') { e.preventDefault(); $('start').click(); return; }
      if (single && st.step < N) { e.preventDefault(); go(st.step + 1); }
      else if (!single && i >= 0) { e.preventDefault(); focusItem(i + 1); }
    } else if (single && (e.key === 'PageDown' || (e.key === 'ArrowRight' && !radio))) {
      if (st.step < N) { e.preventDefault(); go(st.step + 1); }
    } else if (single && (e.key === 'PageUp' || (e.key === 'ArrowLeft' && !radio))) {
      if (st.step >= 0) { e.preventDefault(); go(st.step - 1); }
    }
  });

  /* --- start: what this browser kept --- */
  var kept = null;
  if (store) {
    try { kept = JSON.parse(store.getItem(D.key) || 'null'); } catch (e) { kept = null; }
  }
  var resumed = false;
  if (kept && typeof kept === 'object') {
    if (D.msg[kept.lang]) st.lang = kept.lang;
    if (kept.mode === 'list') st.mode = 'list';
    if (typeof kept.id === 'string') st.id = kept.id.slice(0, 200);
    D.items.forEach(function (id, i) {
      var v = kept.answers && kept.answers[id];
      var r = range(i);
      if (typeof v === 'number' && Math.floor(v) === v && v >= r.min && v <= r.max) {
        st.answers[id] = v;
        resumed = true;
      } else if (kept.skipped && kept.skipped[id] === true) {
        st.skipped[id] = true;
        resumed = true;
      }
    });
    if (typeof kept.step === 'number' && kept.step >= -1 && kept.step <= N) st.step = kept.step;
  }
  root.classList.add('js');
  $('rid').value = st.id;
  sets.forEach(function (s, i) { mark(i); });
  setLang(st.lang);
  setMode(st.mode);
  ready = true;
  if (!store) say($('resume'), t('noStorage'), 'bad');
  else if (resumed) say($('resume'), t('resumed', { answered: answered(), total: N }), 'ok');
})();
