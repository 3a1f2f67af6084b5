using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Events;

public sealed record VmPowerStateChanged(Guid VmId, PowerState From, PowerState To, Guid? ResidentOn, string Reason) : PoolEvent;
