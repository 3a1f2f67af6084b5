// 200 operations whose TCP connections are reset right after the request is written (an operator on a flaky VPN),
// then one ordinary step: is it answered, and does a hub client see it? Prints what the hub and the audit trail saw.
// Usage: node dropped-connections.mjs http://127.0.0.1:PORT ADMIN_PASSWORD
import net from "node:net";
import { readFileSync } from "node:fs";
import * as signalR from "@microsoft/signalr";

const [base, password] = process.argv.slice(2);
const url = new URL(base);
const description = JSON.parse(readFileSync(new URL("../../docs/pool-description.example.json", import.meta.url)));
const poolId = description.id;
const vm = description.vms.find((v) => v.name === "web");

const token = (await post("/api/v1/auth/login", { email: "admin", password })).json.accessToken;
await post("/api/v1/pools", description, token);

const performed = [];
const hub = new signalR.HubConnectionBuilder()
  .withUrl(`${base}/hubs/pool`, { accessTokenFactory: () => token })
  .configureLogging(signalR.LogLevel.Error)
  .build();
hub.on("OperationPerformed", (e) => { performed.push(e); });
await hub.start();
await hub.invoke("Subscribe", poolId);

const drops = Number(process.env.DROPS ?? 200);
for (let i = 0; i < drops; i++) {
  const body = JSON.stringify(i % 2 === 0 ? { operation: "vm-shutdown", vmId: vm.id } : { operation: "vm-start", vmId: vm.id, hostId: vm.residentOn });
  await resetAfterWriting(`POST /api/v1/pools/${poolId}/operations HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n`
    + `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

await sleep(2000);
const pushedBefore = performed.length;
const state = (await get(`/api/v1/pools/${poolId}`, token)).vms.find((v) => v.id === vm.id).powerState;
const step = state === "Running" ? { operation: "vm-shutdown", vmId: vm.id } : { operation: "vm-start", vmId: vm.id, hostId: vm.residentOn };
const answer = await post(`/api/v1/pools/${poolId}/operations`, step, token);
const deadline = Date.now() + 5000;
while (performed.length === pushedBefore && Date.now() < deadline) await sleep(50);
const audit = await get(`/api/v1/audit?objectId=${vm.id}`, token);
console.log(JSON.stringify({
  droppedRequests: drops,
  pushedBeforeTheOrdinaryStep: pushedBefore,
  ordinaryStepStatus: answer.status,
  ordinaryStepPushed: performed.length > pushedBefore,
  auditPerformed: audit.filter((e) => e.outcome === "performed").length,
  hubSequencesContiguous: performed.every((e, k) => k === 0 || e.sequence > performed[k - 1].sequence),
}));
await hub.stop();

async function post(path, body, bearer) {
  const response = await fetch(base + path, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json().catch(() => null) };
}

async function get(path, bearer) {
  return (await fetch(base + path, { headers: { Authorization: `Bearer ${bearer}` } })).json();
}

function resetAfterWriting(request) {
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(request, () => { socket.resetAndDestroy(); resolve(); }));
    socket.on("error", resolve);
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
