<#
.SYNOPSIS
    Writes what hvplan needs to know about this Hyper-V host to one UTF-8 JSON file.

.DESCRIPTION
    Run on the source or the destination server, in Windows PowerShell 5.1 (Windows Server 2012
    and later; on Windows Server 2008 R2 install WMF 5.1 first).  The script only reads: it
    changes nothing, installs nothing and needs no module beyond what Windows ships.  Where the
    Hyper-V PowerShell module is missing (Windows Server 2008 R2) it reads the VMs, their memory,
    vCPUs and drives, and the virtual switches from WMI (namespace root\virtualization) instead.

    Run it elevated (as an Administrator): Hyper-V, the registry and the local groups need that.
    What a part could not read is listed under "Errors" in the file; the rest is still written.

    The output format ("Schema": "hvplan-powershell/1") is documented, key by key, in
    collectors/powershell/README.md of hvplan.  Read it with:
        hvplan plan --source HV01.json --destination new-host.json

.PARAMETER OutFile
    The JSON file to write.  Default: .\<computer name>.hvplan.json

.PARAMETER SampleMinutes
    Also sample what each VM uses for this many minutes (default 0: no sampling), for
    `hvplan size --basis measured`: per VM the share of its virtual processors running the guest
    ("Hyper-V Hypervisor Virtual Processor\% Guest Run Time"), its memory demand (Dynamic Memory
    "Physical Memory" x "Current Pressure" / 100; assigned memory for static memory), its
    network bytes/s and its disk bytes/s and IOPS ("Hyper-V Virtual Storage Device", summed over
    its virtual hard disks); per host the same totals.  Get-Counter where it
    exists, else WMI's formatted performance classes; -ResourceMetering uses Hyper-V resource
    metering (Enable-VMResourceMetering / Measure-VM) instead.  The script waits that long.

.PARAMETER IntervalSeconds
    Seconds between two samples (default 300, 5 minutes; at least 1).

.PARAMETER ResourceMetering
    Sample with Hyper-V resource metering (Measure-VM: average processor MHz, memory MB, normalized
    IOPS and disk MB read and written per interval) rather than performance counters; metering is
    left as it was found.

.EXAMPLE
    powershell.exe -ExecutionPolicy Bypass -File .\collect-hyperv.ps1 -OutFile D:\HV01.json
#>
[CmdletBinding()]
param(
    [string] $OutFile = (Join-Path (Get-Location).Path ($env:COMPUTERNAME + '.hvplan.json')),
    [ValidateRange(0, 527040)] [int] $SampleMinutes = 0,
    [ValidateRange(1, 86400)] [int] $IntervalSeconds = 300,
    [switch] $ResourceMetering
)

# Strict mode 1 only: a property that an older Hyper-V module lacks must read as null, not fail.
Set-StrictMode -Version 1.0
$ErrorActionPreference = 'Stop'
if ($PSVersionTable.PSVersion.Major -lt 3) {
    throw 'collect-hyperv.ps1 needs Windows PowerShell 3.0 or later (ConvertTo-Json); install WMF 5.1'
}

$ScriptVersion = '1.0.0'

# .NET resolves a relative path against the process's folder, not PowerShell's: make it absolute.
$OutFile = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)

# Windows PowerShell 5.1 adds a "Count" property to arrays through System.Array's type data, and
# ConvertTo-Json then writes some arrays as {"value": [...], "Count": n}.  Removing that type data
# for this session only keeps every list a plain JSON array (the reader accepts both).
Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue

# Problems met while collecting: one { Section, Message } each, written as "Errors".
$Errors = New-Object System.Collections.ArrayList

function Add-CollectError([string] $Section, $ErrorRecord) {
    [void] $Errors.Add([ordered] @{ Section = $Section; Message = [string] $ErrorRecord })
}

# Explicit conversions.  [string]$null is "" and [long]$null is 0 in PowerShell, but an unknown
# value must stay null in the JSON, so every value goes through one of these.
function Str($Value) { if ($null -eq $Value) { $null } else { [string] $Value } }
function Num($Value) { if ($null -eq $Value) { $null } else { [long] $Value } }
function Bool($Value) { if ($null -eq $Value) { $null } else { [bool] $Value } }

# A DateTime as ISO 8601 in UTC ("2026-11-30T09:12:44.1230000Z"); null stays null.
function IsoDate($Value) {
    if ($null -eq $Value) { $null } else { ([DateTime] $Value).ToUniversalTime().ToString('o') }
}

# Path and size of the files in a folder whose extension is one of $Extensions and whose name
# starts with $NamePrefix (when given): saved-state files.  Call it inside @(...).
function Get-StateFiles([string] $Folder, [string[]] $Extensions, [string] $NamePrefix) {
    if ([string]::IsNullOrEmpty($Folder) -or -not (Test-Path -LiteralPath $Folder)) { return }
    foreach ($item in @(Get-ChildItem -LiteralPath $Folder -File -ErrorAction SilentlyContinue)) {
        if ($Extensions -notcontains $item.Extension.ToLowerInvariant()) { continue }
        if ($NamePrefix -and -not $item.Name.StartsWith($NamePrefix, 'OrdinalIgnoreCase')) { continue }
        [ordered] @{ Path = $item.FullName; Length = [long] $item.Length }
    }
}

# Everything hvplan records, filled in below, in the order it is written.
$Document = [ordered] @{
    Schema          = 'hvplan-powershell/1'
    ScriptVersion   = $ScriptVersion
    ComputerName    = $env:COMPUTERNAME
    CollectedAt     = (Get-Date).ToUniversalTime().ToString('o')
    TimeZone        = [TimeZoneInfo]::Local.Id
    UtcOffsetMinutes = [int] [TimeZoneInfo]::Local.GetUtcOffset((Get-Date)).TotalMinutes
    PowerShellVersion = $PSVersionTable.PSVersion.ToString()
    HyperVSource    = $null
    OperatingSystem = $null
    ComputerSystem  = $null
    VMHost          = $null
    Processors      = @()
    NetAdapters     = @()
    Volumes         = @()
    Switches        = @()
    Vhds            = @()
    VMs             = @()
    IpConfig        = $null
    Security        = $null
    HostUtilization = $null
    Errors          = $null
}

# ---------------------------------------------------------------- operating system and hardware
try {
    $os = Get-WmiObject -Class Win32_OperatingSystem
    $Document.OperatingSystem = [ordered] @{
        Caption     = Str $os.Caption
        Version     = Str $os.Version
        BuildNumber = Str $os.BuildNumber
    }
    $cs = Get-WmiObject -Class Win32_ComputerSystem
    $physical = 0
    foreach ($bank in @(Get-WmiObject -Class Win32_PhysicalMemory)) { $physical += [long] $bank.Capacity }
    $Document.ComputerSystem = [ordered] @{
        Domain                    = Str $cs.Domain
        TotalPhysicalMemory       = Num $cs.TotalPhysicalMemory
        PhysicalMemoryBytes       = [long] $physical
        NumberOfLogicalProcessors = Num $cs.NumberOfLogicalProcessors
    }
} catch { Add-CollectError 'OperatingSystem' $_ }

# Win32_Processor: Description/Caption hold the CPUID identity as text,
# "Intel64 Family 6 Model 45 Stepping 7"; Family is an SMBIOS code, not the CPUID family.
try {
    $Document.Processors = @(Get-WmiObject -Class Win32_Processor | ForEach-Object {
        [ordered] @{
            DeviceID                  = Str $_.DeviceID
            Name                      = Str $_.Name
            Manufacturer              = Str $_.Manufacturer
            Description               = Str $_.Description
            Caption                   = Str $_.Caption
            Family                    = Num $_.Family
            NumberOfCores             = Num $_.NumberOfCores
            NumberOfLogicalProcessors = Num $_.NumberOfLogicalProcessors
        }
    })
} catch { Add-CollectError 'Processors' $_ }

# Physical network adapters: Get-NetAdapter -Physical (2012 and later), else WMI.
try {
    if (Get-Command Get-NetAdapter -ErrorAction SilentlyContinue) {
        $Document.NetAdapters = @(Get-NetAdapter -Physical | ForEach-Object {
            [ordered] @{
                Name                 = Str $_.Name
                InterfaceDescription = Str $_.InterfaceDescription
                MacAddress           = Str $_.MacAddress
                Status               = Str $_.Status
                LinkSpeed            = Str $_.LinkSpeed
            }
        })
    } else {
        $Document.NetAdapters = @(Get-WmiObject -Class Win32_NetworkAdapter -Filter 'PhysicalAdapter = True' | ForEach-Object {
            [ordered] @{
                Name                 = Str $_.NetConnectionID
                InterfaceDescription = Str $_.Name
                MacAddress           = Str $_.MACAddress
                Status               = Str $_.NetConnectionStatus
                LinkSpeed            = Str $_.Speed
            }
        })
    }
} catch { Add-CollectError 'NetAdapters' $_ }

# ------------------------------------------------------------------------------ Hyper-V itself
# Every virtual hard disk file once, by lower-case path: Get-VHD of each drive and its parents.
$VhdsByPath = [ordered] @{}
# Folders that hold VM files, for the free space of their volumes.
$VmFolders = New-Object System.Collections.ArrayList

function Add-Vhd([string] $Path) {
    # Follows a differencing chain to its root, recording each file once.
    while (-not [string]::IsNullOrEmpty($Path) -and -not $VhdsByPath.Contains($Path.ToLowerInvariant())) {
        [void] $VmFolders.Add($Path)
        try {
            $vhd = Get-VHD -Path $Path
            $entry = [ordered] @{
                Path       = Str $vhd.Path
                VhdFormat  = Str $vhd.VhdFormat
                VhdType    = Str $vhd.VhdType
                Size       = Num $vhd.Size
                FileSize   = Num $vhd.FileSize
                ParentPath = $null
            }
            if (-not [string]::IsNullOrEmpty($vhd.ParentPath)) { $entry.ParentPath = Str $vhd.ParentPath }
        } catch {
            Add-CollectError ('Vhds ' + $Path) $_
            $entry = [ordered] @{ Path = $Path; VhdFormat = $null; VhdType = $null; Size = $null; FileSize = $null; ParentPath = $null }
        }
        $VhdsByPath[$Path.ToLowerInvariant()] = $entry
        $Path = $entry.ParentPath
    }
}

# One hard disk drive as the reader wants it (Get-VMHardDiskDrive, or a snapshot's HardDrives).
function Convert-Drive($Drive) {
    $path = Str $Drive.Path
    if ($path) { Add-Vhd $path }
    return [ordered] @{
        ControllerType     = Str $Drive.ControllerType
        ControllerNumber   = Num $Drive.ControllerNumber
        ControllerLocation = Num $Drive.ControllerLocation
        Path               = $path
        DiskNumber         = Num $Drive.DiskNumber
    }
}

# What the compatibility check reads of a VM (issue 13), each cmdlet only where the host has it
# (Get-VMSecurity, Get-VMKeyProtector: Windows Server 2016; Get-VMAssignableDevice: 2016;
# Get-VMRemoteFx3dVideoAdapter: 2012 R2 to 2019).  Absent cmdlet: the key stays null (unknown).
function Has-Command($Name) { [bool] (Get-Command $Name -ErrorAction SilentlyContinue) }

# The guest's OSName/OSVersion from the KVP exchange (Msvm_KvpExchangeComponent
# GuestIntrinsicExchangeItems: XML fragments of Msvm_KvpExchangeDataItem with Name and Data).
function Get-GuestKvp($Vm) {
    $result = @{ OSName = $null; OSVersion = $null }
    try {
        $system = Get-CimInstance -Namespace root\virtualization\v2 -ClassName Msvm_ComputerSystem -Filter "Name = '$($Vm.Id)'"
        $kvp = Get-CimAssociatedInstance -InputObject $system -ResultClassName Msvm_KvpExchangeComponent
        foreach ($item in @($kvp.GuestIntrinsicExchangeItems)) {
            $xml = [xml] $item
            $name = ($xml.INSTANCE.PROPERTY | Where-Object { $_.NAME -eq 'Name' }).VALUE
            $data = ($xml.INSTANCE.PROPERTY | Where-Object { $_.NAME -eq 'Data' }).VALUE
            if ($name -eq 'OSName' -or $name -eq 'OSVersion') { $result[$name] = $data }
        }
    } catch { }
    return $result
}

function Get-CompatibilitySettings($Vm) {
    $settings = [ordered] @{
        SecureBoot = $null; SecureBootTemplate = $null; TpmEnabled = $null; Shielded = $null
        KeyProtector = $null; RemoteFx3dVideoAdapter = $null; FibreChannelSans = $null
        AssignableDevices = $null; GuestOSName = $null; GuestOSVersion = $null
        IntegrationServicesVersion = Str $Vm.IntegrationServicesVersion
        CompatibilityForMigrationMode = $null
    }
    if ($Vm.Generation -eq 2) {
        $firmware = Get-VMFirmware -VM $Vm
        $settings.SecureBoot = ([string] $firmware.SecureBoot) -eq 'On'
        if ($firmware.PSObject.Properties['SecureBootTemplate']) { $settings.SecureBootTemplate = Str $firmware.SecureBootTemplate }
    }
    if (Has-Command Get-VMSecurity) {
        $security = Get-VMSecurity -VM $Vm
        $settings.TpmEnabled = Bool $security.TpmEnabled
        $settings.Shielded = Bool $security.Shielded
    }
    # An empty key protector is 4 bytes (0 0 0 4); a set one holds the guardian's wrapped key.
    if (Has-Command Get-VMKeyProtector) {
        $protector = Get-VMKeyProtector -VM $Vm
        $settings.KeyProtector = ($null -ne $protector) -and ($protector.Length -gt 4)
    }
    if (Has-Command Get-VMRemoteFx3dVideoAdapter) {
        $settings.RemoteFx3dVideoAdapter = [bool] (Get-VMRemoteFx3dVideoAdapter -VM $Vm -ErrorAction SilentlyContinue)
    }
    $settings.FibreChannelSans = @(Get-VMFibreChannelHba -VM $Vm -ErrorAction SilentlyContinue | ForEach-Object { Str $_.SanName })
    if (Has-Command Get-VMAssignableDevice) {
        $settings.AssignableDevices = @(Get-VMAssignableDevice -VM $Vm | ForEach-Object { Str $_.LocationPath })
    }
    $kvp = Get-GuestKvp $Vm
    $settings.GuestOSName = Str $kvp.OSName
    $settings.GuestOSVersion = Str $kvp.OSVersion
    return $settings
}

function Collect-WithHyperVModule {
    $Document.HyperVSource = 'Hyper-V module'
    # Module-qualified: VMware PowerCLI, when loaded, has a Get-VM and a Get-VMHost too.
    $vmhost = Hyper-V\Get-VMHost
    $Document.VMHost = [ordered] @{
        Name                     = Str $vmhost.Name
        FullyQualifiedDomainName = Str $vmhost.FullyQualifiedDomainName
        LogicalProcessorCount    = Num $vmhost.LogicalProcessorCount
        MemoryCapacity           = Num $vmhost.MemoryCapacity
        VirtualHardDiskPath      = Str $vmhost.VirtualHardDiskPath
        VirtualMachinePath       = Str $vmhost.VirtualMachinePath
        SupportedVersions        = $null
        IsHostGuarded            = $null
    }
    # Windows Server 2016 on: the configuration versions the host runs (the compatibility check).
    if (Has-Command Get-VMHostSupportedVersion) {
        $Document.VMHost.SupportedVersions = @(Get-VMHostSupportedVersion | ForEach-Object { [string] $_.Version })
    }
    if (Has-Command Get-HgsClientConfiguration) {
        $Document.VMHost.IsHostGuarded = Bool (Get-HgsClientConfiguration).IsHostGuarded
    }
    [void] $VmFolders.Add($vmhost.VirtualHardDiskPath)
    [void] $VmFolders.Add($vmhost.VirtualMachinePath)

    $Document.Switches = @(Get-VMSwitch | ForEach-Object {
        $descriptions = @()
        # NetAdapterInterfaceDescriptions (a SET team) appeared with Windows Server 2016.
        if ($_.PSObject.Properties['NetAdapterInterfaceDescriptions'] -and $_.NetAdapterInterfaceDescriptions) {
            $descriptions = @($_.NetAdapterInterfaceDescriptions | ForEach-Object { [string] $_ })
        }
        [ordered] @{
            Name                            = Str $_.Name
            Id                              = Str $_.Id
            SwitchType                      = Str $_.SwitchType
            NetAdapterInterfaceDescription  = Str $_.NetAdapterInterfaceDescription
            NetAdapterInterfaceDescriptions = $descriptions
        }
    })

    $vms = @()
    foreach ($vm in @(Hyper-V\Get-VM)) {
        $section = 'VMs ' + $vm.Name
        try {
            [void] $VmFolders.Add($vm.Path)
            $processor = Get-VMProcessor -VM $vm
            $memory = Get-VMMemory -VM $vm
            $drives = @(Get-VMHardDiskDrive -VM $vm | ForEach-Object { Convert-Drive $_ })
            $adapters = @(Get-VMNetworkAdapter -VM $vm | ForEach-Object {
                [ordered] @{
                    Name       = Str $_.Name
                    MacAddress = Str $_.MacAddress
                    SwitchName = Str $_.SwitchName
                    SwitchId   = Str $_.SwitchId
                    Connected  = Bool $_.Connected
                    IsLegacy   = Bool $_.IsLegacy
                    DynamicMacAddressEnabled = Bool $_.DynamicMacAddressEnabled
                    IovWeight  = Num $_.IovWeight
                    VlanId     = Num (Get-VMNetworkAdapterVlan -VMNetworkAdapter $_).AccessVlanId
                }
            })
            # Saved state: 2012 R2 writes <VM folder>\Virtual Machines\<Id>\*.vsv and *.bin;
            # 2016 and later <Id>.vmrs beside the .vmcx.
            $stateRoot = Join-Path $vm.ConfigurationLocation 'Virtual Machines'
            $stateFiles = @(Get-StateFiles (Join-Path $stateRoot ([string] $vm.Id)) @('.vsv', '.bin') $null) +
                          @(Get-StateFiles $stateRoot @('.vmrs') ([string] $vm.Id))
            # Checkpoint saved states: <SnapshotFileLocation>\Snapshots\<Id>\ or <Id>.vmrs.
            $snapshotRoot = Join-Path $vm.SnapshotFileLocation 'Snapshots'
            $snapshots = @(Get-VMSnapshot -VM $vm | ForEach-Object {
                $snapshot = $_
                [ordered] @{
                    Id                   = Str $snapshot.Id
                    Name                 = Str $snapshot.Name
                    ParentSnapshotId     = Str $snapshot.ParentSnapshotId
                    SnapshotType         = Str $snapshot.SnapshotType
                    CreationTime         = IsoDate $snapshot.CreationTime
                    State                = Str $snapshot.State
                    ProcessorCount       = Num $snapshot.ProcessorCount
                    DynamicMemoryEnabled = Bool $snapshot.DynamicMemoryEnabled
                    MemoryStartup        = Num $snapshot.MemoryStartup
                    MemoryMinimum        = Num $snapshot.MemoryMinimum
                    MemoryMaximum        = Num $snapshot.MemoryMaximum
                    HardDrives           = @($snapshot.HardDrives | ForEach-Object { Convert-Drive $_ })
                    SavedStateFiles      = @(Get-StateFiles (Join-Path $snapshotRoot ([string] $snapshot.Id)) @('.vsv', '.bin') $null) +
                                           @(Get-StateFiles $snapshotRoot @('.vmrs') ([string] $snapshot.Id))
                }
            })
            $compatibility = Get-CompatibilitySettings $vm
            if ($processor.PSObject.Properties['CompatibilityForMigrationMode']) {
                $compatibility.CompatibilityForMigrationMode = Str $processor.CompatibilityForMigrationMode
            }
            $vms += ,([ordered] @{
                Name                  = Str $vm.Name
                Id                    = Str $vm.Id
                State                 = Str $vm.State
                Generation            = Num $vm.Generation
                Version               = Str $vm.Version
                Path                  = Str $vm.Path
                ConfigurationLocation = Str $vm.ConfigurationLocation
                ParentSnapshotId      = Str $vm.ParentSnapshotId
                ProcessorCount        = Num $processor.Count
                CompatibilityForMigrationEnabled = Bool $processor.CompatibilityForMigrationEnabled
                Memory                = [ordered] @{
                    DynamicMemoryEnabled = Bool $memory.DynamicMemoryEnabled
                    Startup              = Num $memory.Startup
                    Minimum              = Num $memory.Minimum
                    Maximum              = Num $memory.Maximum
                }
                HardDrives            = $drives
                NetworkAdapters       = $adapters
                SavedStateFiles       = $stateFiles
                Snapshots             = $snapshots
                Compatibility         = $compatibility
            })
        } catch { Add-CollectError $section $_ }
    }
    $Document.VMs = $vms
}

# Windows Server 2008 R2 has no Hyper-V module: the same facts from the WMI v1 provider.
# Kept simple on purpose: VMs (name, id, state), vCPUs and processor compatibility, memory
# (MB in WMI, written as bytes like the module), hard disk files, adapters, switches.  Switch
# types and controller positions are not worked out here (hvplan reports them as unknown).
function Collect-WithWmiV1 {
    $Document.HyperVSource = 'WMI root\virtualization'
    $ns = 'root\virtualization'
    $mb = 1048576
    $Document.Switches = @(Get-WmiObject -Namespace $ns -Class Msvm_VirtualSwitch | ForEach-Object {
        [ordered] @{ Name = Str $_.ElementName; Id = Str $_.Name; SwitchType = $null
                     NetAdapterInterfaceDescription = $null; NetAdapterInterfaceDescriptions = @() }
    })
    # Msvm_ComputerSystem.EnabledState: 2 running, 3 off, 32768 paused, 32769 saved.
    $states = @{ 2 = 'Running'; 3 = 'Off'; 32768 = 'Paused'; 32769 = 'Saved' }
    $vms = @()
    foreach ($vm in @(Get-WmiObject -Namespace $ns -Class Msvm_ComputerSystem -Filter "Caption = 'Virtual Machine'")) {
        try {
            # SettingType 3 is the VM's current settings; 5 would be a snapshot's.
            $settings = @($vm.GetRelated('Msvm_VirtualSystemSettingData') | Where-Object { $_.SettingType -eq 3 })[0]
            $memory = @($settings.GetRelated('Msvm_MemorySettingData'))[0]
            $processor = @($settings.GetRelated('Msvm_ProcessorSettingData'))[0]
            $dynamic = $false
            if ($memory.PSObject.Properties['DynamicMemoryEnabled']) { $dynamic = [bool] $memory.DynamicMemoryEnabled }
            $state = 'Other'
            if ($states.ContainsKey([int] $vm.EnabledState)) { $state = $states[[int] $vm.EnabledState] }
            $drives = @($settings.GetRelated('Msvm_ResourceAllocationSettingData') |
                Where-Object { $_.ResourceSubType -eq 'Microsoft Virtual Hard Disk' } | ForEach-Object {
                    $path = [string] @($_.Connection)[0]
                    [void] $VmFolders.Add($path)
                    $size = $null
                    if (Test-Path -LiteralPath $path) { $size = [long] (Get-Item -LiteralPath $path).Length }
                    $VhdsByPath[$path.ToLowerInvariant()] = [ordered] @{ Path = $path; VhdFormat = $null; VhdType = $null
                                                                        Size = $null; FileSize = $size; ParentPath = $null }
                    [ordered] @{ ControllerType = $null; ControllerNumber = $null; ControllerLocation = $null
                                 Path = $path; DiskNumber = $null }
                })
            $adapters = @($settings.GetRelated('Msvm_SyntheticEthernetPortSettingData') | ForEach-Object {
                [ordered] @{ Name = Str $_.ElementName; MacAddress = Str $_.Address; SwitchName = $null
                             SwitchId = $null; Connected = $null }
            })
            $vms += ,([ordered] @{
                Name = Str $vm.ElementName; Id = Str $vm.Name; State = $state; Generation = 1; Version = $null
                Path = Str $settings.ExternalDataRoot; ConfigurationLocation = Str $settings.ExternalDataRoot
                ParentSnapshotId = $null
                ProcessorCount = Num $processor.VirtualQuantity
                CompatibilityForMigrationEnabled = Bool $processor.LimitProcessorFeatures
                Memory = [ordered] @{
                    DynamicMemoryEnabled = $dynamic
                    Startup = [long] $memory.VirtualQuantity * $mb
                    Minimum = $(if ($dynamic) { [long] $memory.Reservation * $mb } else { $null })
                    Maximum = $(if ($dynamic) { [long] $memory.Limit * $mb } else { $null })
                }
                HardDrives = $drives; NetworkAdapters = $adapters; SavedStateFiles = @(); Snapshots = @()
            })
        } catch { Add-CollectError ('VMs ' + $vm.ElementName) $_ }
    }
    $Document.VMs = $vms
}

try {
    if (Get-Command -Name Get-VM -Module Hyper-V -ErrorAction SilentlyContinue) {
        Collect-WithHyperVModule
    } elseif (Get-WmiObject -Namespace root -Class __Namespace -Filter "Name = 'virtualization'") {
        Collect-WithWmiV1
    } else {
        Add-CollectError 'Hyper-V' 'neither the Hyper-V module nor WMI root\virtualization is present'
    }
} catch { Add-CollectError 'Hyper-V' $_ }
$Document.Vhds = @($VhdsByPath.Values)

# Free space of the volumes that hold VM files: the longest volume root each folder starts with.
try {
    $volumes = @(Get-WmiObject -Class Win32_Volume -Filter 'DriveType = 3' | Where-Object { $_.Name -notlike '\\?\*' })
    $holding = [ordered] @{}
    foreach ($folder in $VmFolders) {
        if ([string]::IsNullOrEmpty($folder)) { continue }
        $best = $null
        foreach ($volume in $volumes) {
            if ($folder.StartsWith($volume.Name, 'OrdinalIgnoreCase') -and
                ($null -eq $best -or $volume.Name.Length -gt $best.Name.Length)) { $best = $volume }
        }
        if ($best) { $holding[$best.Name] = $best }
    }
    $Document.Volumes = @($holding.Values | ForEach-Object {
        [ordered] @{
            Path       = Str $_.Name
            Label      = Str $_.Label
            FileSystem = Str $_.FileSystem
            Capacity   = Num $_.Capacity
            FreeSpace  = Num $_.FreeSpace
        }
    })
} catch { Add-CollectError 'Volumes' $_ }

# ------------------------------------------------------------------------------ network text
try { $Document.IpConfig = (& ipconfig.exe /all | Out-String) } catch { Add-CollectError 'IpConfig' $_ }

# ---------------------------------------------------------------------------------- security
$Security = [ordered] @{
    AuthorizationStore       = $null
    DisabledFirewallRules    = @()
    MachineLaunchRestriction = $null
    LocalGroups              = @()
}

# The Authorization Manager store Hyper-V uses (2008 R2 – 2012 R2): registry location, then the
# file itself when the location is a local msxml:// store.
try {
    $key = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Virtualization'
    $values = Get-ItemProperty -LiteralPath $key -ErrorAction SilentlyContinue
    if ($values -and $values.PSObject.Properties['StoreLocation']) {
        $store = [ordered] @{
            StoreLocation      = Str $values.StoreLocation
            ServiceApplication = $null
            Xml                = $null
        }
        if ($values.PSObject.Properties['ServiceApplication']) { $store.ServiceApplication = Str $values.ServiceApplication }
        if ($store.StoreLocation -like 'msxml://*') {
            $file = $store.StoreLocation.Substring(8)
            try { $store.Xml = [IO.File]::ReadAllText($file) } catch { Add-CollectError 'Security.AuthorizationStore.Xml' $_ }
        }
        $Security.AuthorizationStore = $store
    }
} catch { Add-CollectError 'Security.AuthorizationStore' $_ }

# Disabled firewall rules: Get-NetFirewallRule (2012 and later), else the firewall COM API, whose
# Direction (1 in, 2 out) and Profiles (bit flags) are numbers.
try {
    if (Get-Command Get-NetFirewallRule -ErrorAction SilentlyContinue) {
        $Security.DisabledFirewallRules = @(Get-NetFirewallRule -Enabled False | ForEach-Object {
            [ordered] @{
                Name         = Str $_.Name
                DisplayName  = Str $_.DisplayName
                DisplayGroup = Str $_.DisplayGroup
                Direction    = Str $_.Direction
                Profile      = Str $_.Profile
                Enabled      = $false
            }
        })
    } else {
        $policy = New-Object -ComObject HNetCfg.FwPolicy2
        $Security.DisabledFirewallRules = @($policy.Rules | Where-Object { -not $_.Enabled } | ForEach-Object {
            [ordered] @{
                Name         = Str $_.Name
                DisplayName  = Str $_.Name
                DisplayGroup = Str $_.Grouping
                Direction    = [int] $_.Direction
                Profile      = [int] $_.Profiles
                Enabled      = $false
            }
        })
    }
} catch { Add-CollectError 'Security.DisabledFirewallRules' $_ }

# DCOM MachineLaunchRestriction (binary security descriptor) as SDDL.
try {
    $ole = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Ole' -ErrorAction SilentlyContinue
    if ($ole -and $ole.PSObject.Properties['MachineLaunchRestriction']) {
        $binary = [byte[]] $ole.MachineLaunchRestriction
        try {
            $Security.MachineLaunchRestriction = ([wmiclass] 'Win32_SecurityDescriptorHelper').BinarySDToSDDL($binary).SDDL
        } catch {
            $Security.MachineLaunchRestriction = (New-Object System.Security.AccessControl.RawSecurityDescriptor($binary, 0)).GetSddlForm('All')
        }
    }
} catch { Add-CollectError 'Security.MachineLaunchRestriction' $_ }

# Members of Hyper-V Administrators and Distributed COM Users, found by SID (group names are
# translated on non-English Windows) and read through ADSI, which every version has.
foreach ($sid in @('S-1-5-32-578', 'S-1-5-32-562')) {
    try {
        $account = (New-Object System.Security.Principal.SecurityIdentifier($sid)).Translate([System.Security.Principal.NTAccount]).Value
    } catch { continue }   # Hyper-V Administrators does not exist before Windows Server 2012
    try {
        $name = $account.Split('\')[-1]
        $group = [ADSI] ('WinNT://' + $env:COMPUTERNAME + '/' + $name + ',group')
        $members = @(@($group.psbase.Invoke('Members')) | ForEach-Object {
            $type = $_.GetType()
            $path = [string] $type.InvokeMember('ADsPath', 'GetProperty', $null, $_, $null)
            $class = [string] $type.InvokeMember('Class', 'GetProperty', $null, $_, $null)
            $sidBytes = [byte[]] $type.InvokeMember('objectSid', 'GetProperty', $null, $_, $null)
            # WinNT://CONTOSO/alice (domain) or WinNT://CONTOSO/HV01/bob (local account).
            $parts = $path.Substring(8).Split('/')
            $source = 'ActiveDirectory'
            if ($parts.Count -ge 3 -or $parts[0] -eq $env:COMPUTERNAME -or $parts[0] -eq 'NT AUTHORITY') { $source = 'Local' }
            $memberName = $parts[-1]
            if ($parts.Count -ge 2) { $memberName = $parts[-2] + '\' + $parts[-1] }
            [ordered] @{
                Name            = $memberName
                SID             = (New-Object System.Security.Principal.SecurityIdentifier($sidBytes, 0)).Value
                ObjectClass     = $class
                PrincipalSource = $source
            }
        })
        $Security.LocalGroups += ,([ordered] @{ Name = $name; SID = $sid; Members = $members })
    } catch { Add-CollectError ('Security.LocalGroups ' + $sid) $_ }
}
$Document.Security = $Security

# ------------------------------------------------------------------- utilization (-SampleMinutes)
# One slot per interval; a slot without a value stays empty.  Series are written as one string of
# comma-separated numbers each (collectors/powershell/README.md, "Utilization"), as the inventory
# stores them: ConvertTo-Json of thousands of numbers per VM would be slow and large.
function Join-Series($Values) {
    (@($Values) | ForEach-Object {
        if ($null -eq $_) { '' } else { ([double] $_).ToString('0.###', [Globalization.CultureInfo]::InvariantCulture) }
    }) -join ','
}

# A new series store: per key (VM name or '(host)'), per series name, an array of slots.
function New-SeriesStore([int] $Slots) {
    @{ Slots = $Slots; Data = @{} }
}
function Set-Sample($Store, [string] $Key, [string] $Series, [int] $Slot, $Value) {
    if (-not $Store.Data.ContainsKey($Key)) { $Store.Data[$Key] = @{} }
    $byName = $Store.Data[$Key]
    if (-not $byName.ContainsKey($Series)) { $byName[$Series] = New-Object 'object[]' $Store.Slots }
    $old = $byName[$Series][$Slot]
    if ($null -eq $old) { $byName[$Series][$Slot] = [double] $Value } else { $byName[$Series][$Slot] = $old + [double] $Value }
}

# The VM name of a counter instance: "DC01:Hv VP 0" (virtual processor), "DC01" (dynamic memory),
# "DC01_Network Adapter_..." (virtual network adapter).
function Get-InstanceVm([string] $Instance, [string[]] $VmNames) {
    $colon = $Instance.LastIndexOf(':')
    if ($colon -gt 0) { $candidate = $Instance.Substring(0, $colon) } else { $candidate = $Instance }
    foreach ($name in $VmNames) {
        if ($candidate -ieq $name -or $Instance.StartsWith($name + '_', 'OrdinalIgnoreCase')) { return $name }
    }
    $null
}

# A virtual hard disk's path as a key that matches its "Hyper-V Virtual Storage Device" counter
# instance: the instances are named by the disk's path with its '\' (and, as seen, its ':') turned
# into '-' ("D:-Hyper-V-Virtual Hard Disks-vm1.vhdx" is also seen).  Microsoft documents the
# counter set (learn.microsoft.com/windows-server/storage/storage-spaces/performance-history-for-vhds,
# "Where they come from") but not this escaping, so both sides are reduced alike: each run of '\',
# '/', ':' and '-' becomes one '-', compared without case.
function Get-DiskInstanceKey([string] $Name) {
    ($Name -replace '[\\/:-]+', '-').ToLowerInvariant()
}

# Per disk instance key, the VM whose hard drive it is (Get-VMHardDiskDrive; a pass-through disk
# has no path and no storage-device instance of its own here).
function Get-DiskVmMap {
    $map = @{}
    foreach ($drive in @(Hyper-V\Get-VMHardDiskDrive -VMName '*' -ErrorAction SilentlyContinue)) {
        if ($drive.Path) { $map[(Get-DiskInstanceKey ([string] $drive.Path))] = [string] $drive.VMName }
    }
    $map
}

# One slot from counter samples (Get-Counter's CounterSamples, or rows built from WMI alike:
# Path, InstanceName, CookedValue).  A storage-device sample is added to the VM whose disk it is
# ($DiskVms), so a VM's disk series is the sum over its disks.
function Add-CounterSlot($Store, [int] $Slot, $Samples, [string[]] $VmNames, $DiskVms) {
    $vp = @{}; $physical = @{}; $pressure = @{}
    foreach ($sample in @($Samples)) {
        $path = [string] $sample.Path
        $vm = Get-InstanceVm ([string] $sample.InstanceName) $VmNames
        $value = [double] $sample.CookedValue
        if ($path -like '*\% guest run time') {
            if ($sample.InstanceName -eq '_total') { Set-Sample $Store '(host)' 'ProcessorPercent' $Slot $value }
            elseif ($vm) { if (-not $vp.ContainsKey($vm)) { $vp[$vm] = @() }; $vp[$vm] += $value }
        } elseif ($path -like '*\physical memory' -and $vm) { $physical[$vm] = $value }
        elseif ($path -like '*\current pressure' -and $vm) { $pressure[$vm] = $value }
        elseif ($path -like '*\bytes/sec' -and $path -like '*virtual network adapter*' -and $vm) {
            Set-Sample $Store $vm 'NetworkBytesPerSecond' $Slot $value
            Set-Sample $Store '(host)' 'NetworkBytesPerSecond' $Slot $value
        } elseif ($path -like '*virtual storage device*' -and $path -like '*bytes/sec') {
            Set-Sample $Store '(host)' 'DiskBytesPerSecond' $Slot $value
            $owner = $DiskVms[(Get-DiskInstanceKey ([string] $sample.InstanceName))]
            if ($owner) { Set-Sample $Store $owner 'DiskBytesPerSecond' $Slot $value }
        } elseif ($path -like '*virtual storage device*' -and $path -like '*operations/sec') {
            Set-Sample $Store '(host)' 'DiskIops' $Slot $value
            $owner = $DiskVms[(Get-DiskInstanceKey ([string] $sample.InstanceName))]
            if ($owner) { Set-Sample $Store $owner 'DiskIops' $Slot $value }
        }
    }
    foreach ($vm in $vp.Keys) {
        $sum = 0.0; foreach ($v in $vp[$vm]) { $sum += $v }
        Set-Sample $Store $vm 'ProcessorPercent' $Slot ($sum / $vp[$vm].Count)
    }
    foreach ($vm in $physical.Keys) {
        Set-Sample $Store $vm 'MemoryAssignedMiB' $Slot $physical[$vm]
        if ($pressure.ContainsKey($vm)) {
            Set-Sample $Store $vm 'MemoryDemandMiB' $Slot ($physical[$vm] * $pressure[$vm] / 100.0)
            Set-Sample $Store '(host)' 'MemoryDemandMiB' $Slot ($physical[$vm] * $pressure[$vm] / 100.0)
        }
    }
}

$CounterPaths = @(
    '\Hyper-V Hypervisor Virtual Processor(*)\% Guest Run Time',
    '\Hyper-V Dynamic Memory VM(*)\Physical Memory',
    '\Hyper-V Dynamic Memory VM(*)\Current Pressure',
    '\Hyper-V Virtual Network Adapter(*)\Bytes/sec',
    '\Hyper-V Virtual Storage Device(*)\Read Bytes/sec',
    '\Hyper-V Virtual Storage Device(*)\Write Bytes/sec',
    '\Hyper-V Virtual Storage Device(*)\Read Operations/Sec',
    '\Hyper-V Virtual Storage Device(*)\Write Operations/Sec'
)

# WMI's formatted performance classes as counter samples (hosts without Get-Counter's Hyper-V sets).
function Get-WmiCounterSamples {
    $rows = @()
    foreach ($vp in @(Get-WmiObject -Class Win32_PerfFormattedData_HvStats_HyperVHypervisorVirtualProcessor)) {
        $rows += [pscustomobject] @{ Path = '\% guest run time'; InstanceName = [string] $vp.Name; CookedValue = $vp.PercentGuestRunTime }
    }
    foreach ($dm in @(Get-WmiObject -Class Win32_PerfFormattedData_BalancerStats_HyperVDynamicMemoryVM)) {
        $rows += [pscustomobject] @{ Path = '\physical memory'; InstanceName = [string] $dm.Name; CookedValue = $dm.PhysicalMemory }
        $rows += [pscustomobject] @{ Path = '\current pressure'; InstanceName = [string] $dm.Name; CookedValue = $dm.CurrentPressure }
    }
    # The same "Hyper-V Virtual Storage Device" counters, one row each as Get-Counter names them.
    foreach ($sd in @(Get-WmiObject -Class Win32_PerfFormattedData_Counters_HyperVVirtualStorageDevice)) {
        $name = [string] $sd.Name
        $rows += [pscustomobject] @{ Path = '\virtual storage device\read bytes/sec'; InstanceName = $name; CookedValue = $sd.ReadBytesPersec }
        $rows += [pscustomobject] @{ Path = '\virtual storage device\write bytes/sec'; InstanceName = $name; CookedValue = $sd.WriteBytesPersec }
        $rows += [pscustomobject] @{ Path = '\virtual storage device\read operations/sec'; InstanceName = $name; CookedValue = $sd.ReadOperationsPerSec }
        $rows += [pscustomobject] @{ Path = '\virtual storage device\write operations/sec'; InstanceName = $name; CookedValue = $sd.WriteOperationsPerSec }
    }
    $rows
}

# Measure-VM per interval: AvgCPU (MHz) over the VM's processors' MHz, AvgRAM (MB); disk IOPS as
# AggregatedAverageNormalizedIOPS (normalized to 8 KB operations, as resource metering counts
# them) and disk bytes/s as AggregatedDiskDataRead + AggregatedDiskDataWritten (MB since the last
# reset, which is the previous slot) over the interval.
function Add-MeteringSlot($Store, [int] $Slot, [double] $ProcessorMHz) {
    foreach ($report in @(Hyper-V\Measure-VM -VMName '*')) {
        $vm = [string] $report.VMName
        $count = @($Document.VMs | Where-Object { $_.Name -eq $vm } | ForEach-Object { $_.ProcessorCount })[0]
        if ($count -and $ProcessorMHz -gt 0 -and $null -ne $report.AvgCPU) {
            Set-Sample $Store $vm 'ProcessorPercent' $Slot ([Math]::Min(100, 100.0 * $report.AvgCPU / ($count * $ProcessorMHz)))
        }
        if ($null -ne $report.AvgRAM) { Set-Sample $Store $vm 'MemoryDemandMiB' $Slot $report.AvgRAM }
        if ($null -ne $report.AggregatedAverageNormalizedIOPS) {
            Set-Sample $Store $vm 'DiskIops' $Slot $report.AggregatedAverageNormalizedIOPS
        }
        if ($null -ne $report.AggregatedDiskDataRead -and $null -ne $report.AggregatedDiskDataWritten) {
            Set-Sample $Store $vm 'DiskBytesPerSecond' $Slot (([double] $report.AggregatedDiskDataRead + [double] $report.AggregatedDiskDataWritten) * 1MB / $IntervalSeconds)
        }
    }
    Hyper-V\Get-VM | Hyper-V\Reset-VMResourceMetering
}

function Collect-Utilization {
    $slots = [int] [Math]::Floor($SampleMinutes * 60 / $IntervalSeconds)
    if ($slots -lt 1) { return }
    $store = New-SeriesStore $slots
    $vmNames = @($Document.VMs | ForEach-Object { [string] $_.Name })
    $diskVms = @{}
    $start = (Get-Date).ToUniversalTime()
    $source = 'Get-Counter'
    $mhz = 0.0
    if ($ResourceMetering) {
        $source = 'Measure-VM'
        $mhz = [double] @(Get-WmiObject -Class Win32_Processor)[0].MaxClockSpeed
        $wasMetered = @(Hyper-V\Get-VM | Where-Object { $_.ResourceMeteringEnabled } | ForEach-Object { $_.Name })
        Hyper-V\Get-VM | Hyper-V\Enable-VMResourceMetering
        Hyper-V\Get-VM | Hyper-V\Reset-VMResourceMetering
    } elseif (-not (Get-Command Get-Counter -ErrorAction SilentlyContinue) -or
              -not (Get-Counter -ListSet 'Hyper-V Hypervisor Virtual Processor' -ErrorAction SilentlyContinue)) {
        $source = 'Win32_PerfFormattedData'
    }
    if (-not $ResourceMetering) { $diskVms = Get-DiskVmMap }
    for ($slot = 0; $slot -lt $slots; $slot++) {
        # Each slot is taken at start + slot x interval, whatever the previous one took.
        $due = $start.AddSeconds(($slot + 1) * $IntervalSeconds)
        $wait = ($due - (Get-Date).ToUniversalTime()).TotalMilliseconds
        if ($wait -gt 0) { Start-Sleep -Milliseconds ([int] $wait) }
        try {
            if ($source -eq 'Measure-VM') { Add-MeteringSlot $store $slot $mhz }
            elseif ($source -eq 'Get-Counter') {
                $set = Get-Counter -Counter $CounterPaths -ErrorAction SilentlyContinue
                Add-CounterSlot $store $slot $set.CounterSamples $vmNames $diskVms
            } else { Add-CounterSlot $store $slot (Get-WmiCounterSamples) $vmNames $diskVms }
        } catch { Add-CollectError ('Utilization slot ' + $slot) $_ }
    }
    if ($ResourceMetering) {
        Hyper-V\Get-VM | Where-Object { $wasMetered -notcontains $_.Name } | Hyper-V\Disable-VMResourceMetering
    }
    # The first sample closes the first interval: the series start one interval after $start.
    $first = $start.AddSeconds($IntervalSeconds).ToString('o')
    foreach ($vm in @($Document.VMs)) {
        $data = $store.Data[[string] $vm.Name]
        if ($null -eq $data) { $data = @{} }
        # Static memory has no Dynamic Memory counters: its demand is what it holds, its startup.
        if (-not $data.ContainsKey('MemoryDemandMiB') -and $vm.Memory -and -not $vm.Memory.DynamicMemoryEnabled -and $vm.State -eq 'Running') {
            $data['MemoryDemandMiB'] = @(for ($i = 0; $i -lt $slots; $i++) { if ($data.ContainsKey('ProcessorPercent') -and $null -ne $data['ProcessorPercent'][$i]) { $vm.Memory.Startup / 1MB } else { $null } })
        }
        $utilization = [ordered] @{
            Source = $source; StartTime = $first; IntervalSeconds = $IntervalSeconds
            PeriodSeconds = $slots * $IntervalSeconds
        }
        foreach ($name in @('ProcessorPercent', 'MemoryDemandMiB', 'MemoryAssignedMiB', 'NetworkBytesPerSecond', 'DiskBytesPerSecond', 'DiskIops')) {
            $values = $data[$name]
            if ($null -eq $values) { $values = New-Object 'object[]' $slots }
            $utilization[$name] = Join-Series $values
        }
        $vm['Utilization'] = $utilization
    }
    $hostData = $store.Data['(host)']
    if ($null -eq $hostData) { $hostData = @{} }
    $Document.HostUtilization = [ordered] @{ Source = $source; StartTime = $first; IntervalSeconds = $IntervalSeconds }
    foreach ($name in @('ProcessorPercent', 'MemoryDemandMiB', 'NetworkBytesPerSecond', 'DiskBytesPerSecond', 'DiskIops')) {
        $values = $hostData[$name]
        if ($null -eq $values) { $values = New-Object 'object[]' $slots }
        $Document.HostUtilization[$name] = Join-Series $values
    }
}

if ($SampleMinutes -gt 0) {
    try { Collect-Utilization } catch { Add-CollectError 'Utilization' $_ }
}

# ---------------------------------------------------------------------------------- writing
$Document.Errors = @($Errors)
# -Depth 10 is deeper than the document (VMs > Snapshots > HardDrives > drive = 5 levels), so
# nothing is cut to a type name; every value above is a string, number, boolean or null already.
$json = ConvertTo-Json -InputObject $Document -Depth 10
[IO.File]::WriteAllText($OutFile, $json, (New-Object System.Text.UTF8Encoding($false)))
Write-Host ('hvplan: wrote ' + $OutFile + ' (' + @($Document.VMs).Count + ' VMs, ' + $Errors.Count + ' errors)')
