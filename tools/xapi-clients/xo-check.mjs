// Xen Orchestra's own XAPI client (npm xen-api) against a XAPI endpoint: connects (following HOST_IS_SLAVE from a
// member's address), fetches every object as XO does and watches events, then makes one call that must fail the way
// XAPI fails. Prints one JSON line of what it saw; exits non-zero when it could not.
// Usage: node xo-check.mjs http://ADDRESS:PORT [auto|json-rpc|xml-rpc] [user] [password]
import { createClient } from 'xen-api'

const [url, transport = 'auto', user = 'root', password = ''] = process.argv.slice(2)
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

  const master = xapi.pool.$master
  console.log(JSON.stringify({
    status: xapi.status,
    pool: xapi.pool.name_label,
    master: master.name_label,
    masterAddress: master.address,
    types,
    runningVms: Object.values(xapi.objects.all).filter(o => o.$type === 'VM' && !o.is_control_domain && o.power_state === 'Running').length,
    refusal,
  }))
  await xapi.disconnect()
  clearTimeout(timeout)
} catch (error) {
  console.error(error)
  process.exit(1)
}
