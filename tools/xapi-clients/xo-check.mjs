// Xen Orchestra's own XAPI client (npm xen-api) against a XAPI endpoint: connects (following HOST_IS_SLAVE from a
// member's address), fetches every object as XO does and watches events, then makes one call that must fail the way
// XAPI fails. Prints one JSON line of what it saw; exits non-zero when it could not.
// With a host uuid as fifth argument it also runs a drill while it watches: crashes that host through the emulator's
// drill endpoint, waits for XO's own copy to show the host not live, brings it back and waits for it to be live again.
// Usage: node xo-check.mjs http://ADDRESS:PORT [auto|json-rpc|xml-rpc] [user] [password] [drill-host-uuid]
import { createClient } from 'xen-api'

const [url, transport = 'auto', user = 'root', password = '', drillHost] = process.argv.slice(2)
const xapi = createClient({ url, transport, allowUnauthorized: true, auth: { user, password } })
const timeout = setTimeout(() => {
  console.error('timed out')
  process.exit(3)
}, 60_000)

try {
  await xapi.connect()
  await xapi.objectsFetched
  const types = {}
  for (const object of Object.values(xapi.objects.all)) {
    types[object.$type] = (types[object.$type] ?? 0) + 1
  }

  let refusal
  try {
    await xapi.call('VM.get_record', 'OpaqueRef:00000000-0000-0000-0000-000000000000')
  } catch (error) {
    refusal = { code: error.code, params: error.params }
  }

  let drill
  if (drillHost !== undefined) {
    const host = Object.values(xapi.objects.all).find(o => o.$type === 'host' && o.uuid === drillHost)
    const liveness = live =>
      new Promise(resolve => {
        const check = () => {
          if (xapi.getObjectByRef(host.metrics).live === live) {
            xapi.objects.removeListener('update', check)
            resolve(true)
          }
        }
        xapi.objects.on('update', check)
        check()
      })
    await post(`${url}/drills/hosts/${drillHost}/crash`)
    const sawDead = await liveness(false)
    await post(`${url}/drills/hosts/${drillHost}/bring-back`)
    const sawAlive = await liveness(true)
    drill = { host: host.name_label, sawDead, sawAlive }
  }

  const master = xapi.pool.$master
  console.log(JSON.stringify({
    status: xapi.status,
    pool: xapi.pool.name_label,
    master: master.name_label,
    masterAddress: master.address,
    types,
    runningVms: Object.values(xapi.objects.all).filter(o => o.$type === 'VM' && !o.is_control_domain && o.power_state === 'Running').length,
    refusal,
    drill,
  }))
  await xapi.disconnect()
  clearTimeout(timeout)
} catch (error) {
  console.error(error)
  process.exit(1)
}

async function post(target) {
  const response = await fetch(target, { method: 'POST' })
  if (response.status !== 204) {
    throw new Error(`${target} answered ${response.status}`)
  }
}
