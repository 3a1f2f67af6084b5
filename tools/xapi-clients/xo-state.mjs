// Xen Orchestra's own XAPI client (npm xen-api) reads a pool as XO shows it: the master, each host (live, enabled),
// each VM (power state, resident host) and each VDI's attach keys by host name. Prints one JSON line; exits non-zero
// when it could not connect. Used to confirm, on the pool itself, what a PoolDash step did.
// Usage: node xo-state.mjs http://ADDRESS:PORT user password
import { createClient } from 'xen-api'

const [url, user = 'root', password = ''] = process.argv.slice(2)
const xapi = createClient({ url, allowUnauthorized: true, auth: { user, password } })
const timeout = setTimeout(() => {
  console.error('timed out')
  process.exit(3)
}, 60_000)

try {
  await xapi.connect()
  await xapi.objectsFetched
  const all = Object.values(xapi.objects.all)
  const nameOf = ref => (ref && ref !== 'OpaqueRef:NULL' ? xapi.getObjectByRef(ref, undefined)?.name_label ?? ref : null)
  const hosts = Object.fromEntries(all.filter(o => o.$type === 'host').map(h => [h.name_label, {
    live: xapi.getObjectByRef(h.metrics).live,
    enabled: h.enabled,
  }]))
  const vms = Object.fromEntries(all.filter(o => o.$type === 'VM' && !o.is_control_domain).map(v => [v.name_label, {
    powerState: v.power_state,
    residentOn: nameOf(v.resident_on),
  }]))
  const vdis = Object.fromEntries(all.filter(o => o.$type === 'VDI').map(d => [d.name_label, Object.fromEntries(
    Object.entries(d.sm_config).filter(([key]) => key.startsWith('host_')).map(([key, mode]) => [nameOf(key.slice(5)), mode]))]))
  console.log(JSON.stringify({ master: xapi.pool.$master.name_label, hosts, vms, vdis }))
  await xapi.disconnect()
  clearTimeout(timeout)
} catch (error) {
  console.error(error?.stack ?? String(error))
  process.exit(1)
}
