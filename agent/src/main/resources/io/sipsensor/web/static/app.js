// sipsensor web interface: the little script the pages use (served by the agent, nothing from another site).
// Elements with data-live="a.b" show that field of /api/v1/channels/live, polled every second while the page is open.
(function ()
{
    'use strict';
    function field(object, path)
    {
        return path.split('.').reduce(function (value, key) { return value == null ? undefined : value[key]; }, object);
    }

    function poll()
    {
        fetch('/api/v1/channels/live', {credentials: 'same-origin', cache: 'no-store'})
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (live)
            {
                if (!live)
                {
                    return;
                }
                document.querySelectorAll('[data-live]').forEach(function (element)
                {
                    var value = field(live, element.getAttribute('data-live'));
                    if (value !== undefined && value !== null && String(value) !== element.textContent)
                    {
                        element.textContent = String(value);
                    }
                });
                var stamp = document.getElementById('live-updated');
                if (stamp)
                {
                    stamp.textContent = new Date().toISOString().substring(11, 19) + ' UTC';
                }
            })
            .catch(function () { /* the next poll tries again */ });
    }

    if (document.querySelector('[data-live]'))
    {
        poll();
        window.setInterval(poll, 1000);
    }

    // License page: a chosen file is read into the text box the form sends.
    var file = document.getElementById('license-file');
    var text = document.getElementById('license-text');
    if (file && text)
    {
        file.addEventListener('change', function ()
        {
            if (file.files.length > 0)
            {
                file.files[0].text().then(function (content) { text.value = content; });
            }
        });
    }
})();
