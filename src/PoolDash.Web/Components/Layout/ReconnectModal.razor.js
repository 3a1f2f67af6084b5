// The stale-feed bar. Blazor tells #components-reconnect-modal when the live connection drops, retries, fails or is
// back. While it is down the bar says since when (the viewer's local time; UTC on hover) and <body> carries
// pd-stale, so every page, the wall above all, looks stale instead of live. A wall screen has nobody to click
// "retry": after a failed round it tries again every few seconds, whether the page is visible or not. When the
// server no longer knows this page's circuit (it restarted), the page reloads: it shows the state as it is now,
// never a mix of old and new.
const bar = document.getElementById("components-reconnect-modal");
const since = document.getElementById("pd-stale-since");
let downSince = null;
let retryTimer = null;

bar.addEventListener("components-reconnect-state-changed", event => {
    const state = event.detail.state;
    if (state === "show" || state === "retrying" || state === "failed" || state === "paused") {
        markStale();
    }

    if (state === "failed") {
        retrySoon();
    } else if (state === "hide") {
        markLive();
    } else if (state === "rejected") {
        location.reload();
    }
});

document.getElementById("components-reconnect-button").addEventListener("click", retry);

function markStale() {
    if (downSince === null) {
        downSince = new Date();
        since.textContent = downSince.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
        since.title = downSince.toISOString().substring(11, 19) + " UTC";
    }

    bar.classList.add("pd-stale-visible");
    document.body.classList.add("pd-stale");
}

function markLive() {
    downSince = null;
    clearTimeout(retryTimer);
    bar.classList.remove("pd-stale-visible");
    document.body.classList.remove("pd-stale");
}

function retrySoon() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(retry, 3000);
}

async function retry() {
    clearTimeout(retryTimer);
    try {
        // true: back on the same circuit; false: the server is up but no longer knows this circuit.
        if (!await Blazor.reconnect()) {
            if (!await Blazor.resumeCircuit()) {
                location.reload();
            }
        }
    } catch {
        retrySoon();
    }
}
