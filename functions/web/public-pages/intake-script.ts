import { createHash } from 'node:crypto';
import { intakeCredentialHeaders, pageTokenMetaName } from '../../contracts/intake-credentials.ts';

/**
 * The intake page's one script: progressive enhancement of a page that works without it. Inlined, and allowed by its
 * hash in the Content-Security-Policy (no request for it, no other script can run). Hand-written ES2017, no
 * dependencies, DOM APIs and textContent only (the CSP requires Trusted Types for every HTML sink, and grants none).
 *
 * - Conditional sections: a field asked only under a condition on another answer (forms/conditions.ts, the page
 *   model's `conditions`, in the form's `data-conditions`: a checkbox ticked or not, a choice among given values, a
 *   text answered; nested sections too) is hidden with the `hidden` attribute and its controls disabled (so nothing in
 *   it is posted) while its condition does not hold, and shown again when it does. An answer inside a hidden section
 *   counts as not given, as the server counts it. A polite live region says which section appeared or went away.
 * - Inline validation: when the client leaves a field (or changes a choice), the form as it stands goes to
 *   `data-check` (POST …/check), where the form's own compiled validator checks it exactly as sending it would; the
 *   errors of the fields the client has been through appear in the page's own error slots (`<id>-error`,
 *   `aria-invalid`, `aria-describedby`), and a polite live region says how many answers need correcting. Sending the
 *   form is left to the browser: the server's answer (its error summary, or the confirmation) is the same as without
 *   JavaScript.
 * - File questions: see the comment at "File questions" below; every word it shows comes from the page
 *   (`data-upload-words`, `data-upload`), in the page's language.
 *
 * `fieldId` is intake-page.ts's, written again in the browser's JavaScript (test/unit/intake-page.test.ts compares them).
 */
export const INTAKE_SCRIPT = `
(function () {
  'use strict';
  // The form page's form; on a page whose form is not the page's main one (the signing page's paper form), the form that
  // takes files.
  var form = document.getElementById('form-start') || document.querySelector('form[data-presign]');
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var checkUrl = form.getAttribute('data-check');
  var conditions = JSON.parse(form.getAttribute('data-conditions') || '[]');
  var errorPrefix = form.getAttribute('data-error-prefix') || '';
  var countTemplate = form.getAttribute('data-error-count') || '{count}';
  var CONTROL = 'input,select,textarea';
  var fieldId = function (pointer) {
    return 'f' + pointer.replace(/[^A-Za-z0-9]/g, function (c) { return c === '/' ? '--' : '_' + c.charCodeAt(0).toString(16) + '_'; });
  };
  var byId = function (id) { return document.getElementById(id); };
  var containerOf = function (el) { return el.matches(CONTROL) ? (el.closest('.field') || el) : el; };

  var sections = conditions.map(function (condition) {
    var el = byId(fieldId(condition.pointer));
    return { condition: condition, box: el && containerOf(el), hidden: false };
  }).filter(function (section) { return section.box; });
  var inHidden = function (el) { return sections.some(function (section) { return section.hidden && section.box.contains(el); }); };

  // The answers a field would post, as FormData has them: none from a hidden section; a checkbox of its own is true or false.
  function answers(pointer) {
    var controls = Array.prototype.filter.call(form.elements, function (control) { return control.name === pointer && !inHidden(control); });
    if (controls.length === 1 && controls[0].type === 'checkbox' && controls[0].value === 'true') return [String(controls[0].checked)];
    return controls.filter(function (control) {
      return control.type === 'checkbox' || control.type === 'radio' ? control.checked : control.value.trim() !== '';
    }).map(function (control) { return control.value; });
  }
  function holds(condition) {
    var given = answers(condition.when);
    if (!condition.values) return given.length > 0;
    return condition.values.some(function (value) { return given.indexOf(String(value)) >= 0; });
  }

  var conditionStatus = byId('condition-status');
  if (!conditionStatus && sections.length > 0) {
    conditionStatus = document.createElement('div');
    conditionStatus.id = 'condition-status';
    conditionStatus.className = 'visually-hidden';
    conditionStatus.setAttribute('aria-live', 'polite');
    form.insertBefore(conditionStatus, form.firstChild);
  }
  var shownTemplate = form.getAttribute('data-shown') || '{label}';
  var hiddenTemplate = form.getAttribute('data-hidden') || '{label}';

  function applyConditions(announce) {
    var before = sections.map(function (section) { return section.hidden; });
    // A section's question may sit in another section: settle until no section changes (outer ones come first).
    for (var pass = 0; pass <= sections.length; pass++) {
      var changed = false;
      sections.forEach(function (section) {
        var hidden = !holds(section.condition);
        if (hidden !== section.hidden) { section.hidden = hidden; changed = true; }
      });
      if (!changed) break;
    }
    sections.forEach(function (section) {
      section.box.hidden = section.hidden;
      [section.box].concat(Array.prototype.slice.call(section.box.querySelectorAll('input,select,textarea,button,fieldset'))).forEach(function (control) {
        if ('disabled' in control) control.disabled = inHidden(control);
      });
    });
    if (!announce) return;
    var news = [];
    sections.forEach(function (section, index) {
      if (section.hidden === before[index] || !section.condition.label) return;
      news.push((section.hidden ? hiddenTemplate : shownTemplate).replace('{label}', section.condition.label));
    });
    if (news.length > 0) conditionStatus.textContent = news.join(' ');
  }

  // The fields the client has been through, by control name (a JSON Pointer); fields the server already marked count.
  var visited = new Set();
  var visit = function (control) { if (control.name && control.name.charAt(0) !== '_') visited.add(control.name); };
  var isVisited = function (pointer) {
    var found = false;
    visited.forEach(function (name) { if (name === pointer || name.indexOf(pointer + '/') === 0) found = true; });
    return found;
  };
  Array.prototype.forEach.call(form.querySelectorAll('p.error[id$="-error"]'), function (slot) {
    var el = byId(slot.id.slice(0, -'-error'.length));
    if (!el) return;
    var box = containerOf(el);
    [box].concat(Array.prototype.slice.call(box.querySelectorAll(CONTROL))).forEach(function (control) { if (control.matches(CONTROL)) visit(control); });
  });

  // The element an error's pointer belongs to: its field, else the nearest field around it.
  function elementFor(pointer) {
    for (var current = pointer; current !== ''; current = current.slice(0, current.lastIndexOf('/'))) {
      var el = byId(fieldId(current));
      if (el) return el;
    }
    return null;
  }

  function describedBy(el, id, add) {
    var ids = (el.getAttribute('aria-describedby') || '').split(' ').filter(function (token) { return token && token !== id; });
    if (add) ids.push(id);
    if (ids.length > 0) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }

  function showError(el, messages) {
    var slot = byId(el.id + '-error');
    if (!slot) {
      slot = document.createElement('p');
      slot.className = 'error';
      slot.id = el.id + '-error';
      if (el.matches(CONTROL)) {
        el.parentNode.insertBefore(slot, el);
      } else {
        // In a fieldset, after its legend and help, as the server places it.
        var after = el.firstElementChild;
        while (after && after.nextElementSibling && after.nextElementSibling.matches('p.help')) after = after.nextElementSibling;
        if (after) after.parentNode.insertBefore(slot, after.nextSibling);
        else el.insertBefore(slot, el.firstChild);
      }
    }
    var prefix = document.createElement('span');
    prefix.className = 'visually-hidden';
    prefix.textContent = errorPrefix + ' ';
    slot.textContent = '';
    slot.appendChild(prefix);
    slot.appendChild(document.createTextNode(messages.join(' ')));
    containerOf(el).classList.add('invalid');
    if (el.matches(CONTROL) || el.getAttribute('role') === 'radiogroup') el.setAttribute('aria-invalid', 'true');
    describedBy(el, slot.id, true);
  }

  function clearError(el) {
    var slot = byId(el.id + '-error');
    if (slot) slot.parentNode.removeChild(slot);
    containerOf(el).classList.remove('invalid');
    el.removeAttribute('aria-invalid');
    describedBy(el, el.id + '-error', false);
  }

  var live = byId('check-status');
  if (!live) {
    live = document.createElement('div');
    live.id = 'check-status';
    live.className = 'visually-hidden';
    live.setAttribute('aria-live', 'polite');
    form.insertBefore(live, form.firstChild);
  }
  var shownCount = form.querySelectorAll('p.error[id$="-error"]').length;

  function show(errors) {
    var wanted = new Map();
    errors.forEach(function (error) {
      if (!isVisited(error.pointer)) return;
      var el = elementFor(error.pointer);
      if (!el) return;
      if (!wanted.has(el)) wanted.set(el, []);
      wanted.get(el).push(error.message);
    });
    Array.prototype.forEach.call(form.querySelectorAll('p.error[id$="-error"]'), function (slot) {
      var el = byId(slot.id.slice(0, -'-error'.length));
      if (el && !wanted.has(el)) clearError(el);
    });
    wanted.forEach(function (messages, el) { showError(el, messages); });
    if (wanted.size !== shownCount) {
      shownCount = wanted.size;
      live.textContent = countTemplate.replace('{count}', String(shownCount));
    }
  }

  var sequence = 0;
  var pending = 0;
  function check() {
    pending = 0;
    if (!checkUrl) return;
    var mine = ++sequence;
    var body = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { if (typeof value === 'string') body.append(name, value); });
    fetch(checkUrl, { method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) { if (result && mine === sequence) show(result.errors); })
      .catch(function () { /* The server checks again when the form is sent. */ });
  }
  var schedule = function () { if (!pending) pending = setTimeout(check, 0); };

  form.addEventListener('focusout', function (event) {
    if (!event.target.matches(CONTROL) || !event.target.name || event.target.name.charAt(0) === '_') return;
    visit(event.target);
    schedule();
  });
  form.addEventListener('input', function () { applyConditions(true); });
  form.addEventListener('change', function (event) {
    applyConditions(true);
    var target = event.target;
    if (target.matches('select,input[type=checkbox],input[type=radio]') && target.name && target.name.charAt(0) !== '_') {
      visit(target);
      schedule();
    }
  });
  // File questions: with the script, each question takes its files in place (the Documents section's forms are for a
  // page without it). A file is checked here first (kind, size, how many), then presigned, sent straight to storage
  // with its progress shown, then received by the service, which checks its bytes; its id then rides along as a hidden
  // input named by the question, and "Remove" takes that input away before sending.
  var presignUrl = form.getAttribute('data-presign');
  var receiveUrl = form.getAttribute('data-receive');
  var uploadWords = JSON.parse(form.getAttribute('data-upload-words') || '{}');
  var say = function (template, values) {
    return String(template || '').replace(/\\{(\\w+)\\}/g, function (whole, key) { return key in values ? String(values[key]) : whole; });
  };
  var sizeText = function (bytes) {
    var lang = document.documentElement.lang || 'en';
    try {
      return bytes >= 1048576
        ? new Intl.NumberFormat(lang, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / 1048576)
        : new Intl.NumberFormat(lang, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(Math.max(1, Math.round(bytes / 1024)));
    } catch (error) { return String(bytes); }
  };
  var problemText = function (body) {
    if (body && body.errors && body.errors.length > 0) return body.errors.map(function (error) { return error.message; }).join(' ');
    return body && body.detail ? body.detail : '';
  };
  var tokenMeta = document.querySelector('meta[name="${pageTokenMetaName}"]');

  function enhanceUpload(box) {
    var setting = JSON.parse(box.getAttribute('data-upload'));
    var input = byId(box.id + '-input');
    var list = byId(box.id + '-files');
    var uploading = byId(box.id + '-uploading');
    var refusal = byId(box.id + '-refusal');
    var status = byId(box.id + '-status');
    if (!input || !list || !uploading || !refusal || !status) return;
    box.querySelector('.upload-here').hidden = false;
    box.querySelector('.upload-elsewhere').hidden = true;

    function addRemove(item, name) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary';
      button.textContent = uploadWords.remove;
      button.setAttribute('aria-label', say(uploadWords.removeFile, { name: name }));
      button.addEventListener('click', function () {
        item.parentNode.removeChild(item);
        status.textContent = say(uploadWords.removed, { name: name });
        input.focus();
      });
      item.appendChild(document.createTextNode(' '));
      item.appendChild(button);
    }
    Array.prototype.forEach.call(list.children, function (item) {
      var name = item.querySelector('.file-name');
      addRemove(item, name ? name.textContent : '');
    });

    function attached(file) {
      var item = document.createElement('li');
      item.setAttribute('data-upload-id', file.uploadId);
      var name = document.createElement('span');
      name.className = 'file-name';
      name.textContent = file.name;
      var size = document.createElement('span');
      size.className = 'file-size';
      size.textContent = '(' + sizeText(file.size) + ')';
      item.appendChild(name);
      item.appendChild(document.createTextNode(' '));
      item.appendChild(size);
      if (file.scan === 'pending') {
        var scan = document.createElement('span');
        scan.className = 'file-scan';
        scan.textContent = ' · ' + uploadWords.checking;
        item.appendChild(scan);
      }
      var hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = setting.pointer;
      hidden.value = file.uploadId;
      item.appendChild(hidden);
      addRemove(item, file.name);
      list.appendChild(item);
      status.textContent = say(uploadWords.attached, { name: file.name });
    }

    function send(file) {
      var item = document.createElement('li');
      var label = document.createElement('span');
      label.textContent = file.name + ' · ' + uploadWords.uploading;
      var bar = document.createElement('progress');
      bar.max = file.size;
      bar.value = 0;
      bar.setAttribute('aria-label', file.name);
      item.appendChild(label);
      item.appendChild(document.createTextNode(' '));
      item.appendChild(bar);
      uploading.appendChild(item);
      var done = function () { if (item.parentNode) item.parentNode.removeChild(item); };
      var fail = function (message) {
        done();
        refusal.textContent = (refusal.textContent ? refusal.textContent + ' ' : '') + (message || say(uploadWords.failed, { name: file.name }));
      };
      var answer = function (response) {
        return response.json().catch(function () { return null; }).then(function (body) { return { ok: response.ok, body: body }; });
      };
      // The service answers refusals in the page's language, which the client may have picked over the browser's.
      var language = document.documentElement.lang || 'en';
      var headers = { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': language };
      if (tokenMeta) headers['${intakeCredentialHeaders.pageToken}'] = tokenMeta.getAttribute('content');
      fetch(presignUrl, {
        method: 'POST', credentials: 'same-origin', headers: headers,
        body: JSON.stringify({ field: setting.pointer, name: file.name, type: file.type, size: file.size }),
      }).then(answer).then(function (presigned) {
        if (!presigned.ok || !presigned.body) return fail(problemText(presigned.body));
        var post = presigned.body;
        var data = new FormData();
        Object.keys(post.fields).forEach(function (name) { data.append(name, post.fields[name]); });
        // Storage reads the fields the policy signs before the file: it goes last.
        data.append('file', file);
        var request = new XMLHttpRequest();
        request.open('POST', post.url);
        request.upload.addEventListener('progress', function (event) {
          if (event.lengthComputable) { bar.max = event.total; bar.value = event.loaded; }
        });
        request.addEventListener('error', function () { fail(); });
        request.addEventListener('load', function () {
          if (request.status < 200 || request.status >= 300) return fail();
          bar.value = bar.max;
          fetch(say(receiveUrl, { uploadId: encodeURIComponent(post.uploadId) }), { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': language } })
            .then(answer).then(function (received) {
              if (!received.ok || !received.body) return fail(problemText(received.body));
              done();
              attached(received.body);
            }).catch(function () { fail(); });
        });
        request.send(data);
      }).catch(function () { fail(); });
    }

    input.addEventListener('change', function () {
      var files = Array.prototype.slice.call(input.files || []);
      input.value = '';
      var problems = [];
      var count = list.children.length + uploading.children.length;
      var full = false;
      refusal.textContent = '';
      files.forEach(function (file) {
        if (file.size === 0) problems.push(say(uploadWords.empty, { name: file.name }));
        else if (setting.accept.indexOf(file.type) < 0) problems.push(say(uploadWords.wrongType, { name: file.name, types: setting.types }));
        else if (file.size > setting.maxBytes) problems.push(say(uploadWords.tooLarge, { name: file.name, size: setting.size }));
        else if (count >= setting.maxFiles) full = true;
        else { count += 1; send(file); }
      });
      if (full) problems.push(say(uploadWords.tooMany, { count: setting.maxFiles }));
      refusal.textContent = problems.join(' ');
    });
  }
  if (presignUrl && receiveUrl && window.XMLHttpRequest) {
    var documents = byId('documents');
    if (documents) documents.hidden = true;
    Array.prototype.forEach.call(form.querySelectorAll('fieldset.upload[data-upload]'), enhanceUpload);
  }

  applyConditions(false);
})();
`.trim();

if (/<\/script|<!--|https?:\/\//i.test(INTAKE_SCRIPT)) throw new Error('intake-script: the script must not end its element, open a comment, or name another site');

/** The Content-Security-Policy hash of the script, as the page inlines it. */
export const SCRIPT_HASH = `'sha256-${createHash('sha256').update(INTAKE_SCRIPT).digest('base64')}'`;
