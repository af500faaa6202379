#Requires -Version 2.0
<#
.SYNOPSIS
    Collects the facts hvplan's migration guides check (hvplan checklist), on Windows PowerShell
    2.0 and later: Windows SBS 2003 / 2011 Essentials source servers, WSUS servers, destinations.

.DESCRIPTION
    Read-only: it changes, installs and imports nothing beyond what Windows ships.  Run it elevated
    on each server (source, destination, and the Hyper-V host when the source is a VM), as the
    account that will run the migration, and copy the files to where hvplan runs:

        powershell.exe -ExecutionPolicy Bypass -File .\collect-server.ps1 -ClockReference DEST01 -OutFile D:\SBS01.json
        hvplan checklist --guide essentials-sbs2003 --source SBS01.json --destination DEST01.json

    It writes one JSON document, "hvplan-server/1" (collectors/server-facts/README.md lists every
    key, its unit and where it is read).  PowerShell 2.0 has no JSON cmdlet: the script writes
    the JSON itself (Write-HvpJson), UTF-8 without a byte order mark.  What cannot be read is
    written as null: hvplan reports it as unknown.

.PARAMETER ClockReference
    The computer to measure this clock against (w32tm /stripchart): the destination server, or the
    same NTP server on every server.  Default: the Windows Time service's configured source.

.PARAMETER OutFile
    Where to write the document.  Default: .\<COMPUTERNAME>.server.json
#>
param(
    [string] $ClockReference = '',
    [string] $OutFile = (Join-Path (Get-Location).Path ($env:COMPUTERNAME + '.server.json'))
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

# ---------------------------------------------------------------------------------- JSON writer
# Strings: '"' and '\' escaped, every control character below U+0020 and U+007F as \uXXXX (so a
# name with a line break stays one JSON string); numbers in the invariant culture; $null as null.
function ConvertTo-HvpJsonString([string] $Text) {
    $builder = New-Object System.Text.StringBuilder
    [void] $builder.Append('"')
    foreach ($c in $Text.ToCharArray()) {
        $code = [int] $c
        if ($c -eq '"') { [void] $builder.Append('\"') }
        elseif ($c -eq '\') { [void] $builder.Append('\\') }
        elseif ($code -lt 0x20 -or $code -eq 0x7F) { [void] $builder.Append(('\u{0:x4}' -f $code)) }
        else { [void] $builder.Append($c) }
    }
    [void] $builder.Append('"')
    return $builder.ToString()
}

function Write-HvpJson($Value, [string] $Indent = '') {
    $inner = $Indent + '  '
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [bool]) { if ($Value) { return 'true' } else { return 'false' } }
    if ($Value -is [int] -or $Value -is [long] -or $Value -is [uint32] -or $Value -is [uint64]) {
        return ([long] $Value).ToString([Globalization.CultureInfo]::InvariantCulture)
    }
    if ($Value -is [double] -or $Value -is [single] -or $Value -is [decimal]) {
        return ([double] $Value).ToString('R', [Globalization.CultureInfo]::InvariantCulture)
    }
    if ($Value -is [string]) { return (ConvertTo-HvpJsonString $Value) }
    if ($Value -is [System.Collections.IDictionary]) {
        if ($Value.Count -eq 0) { return '{}' }
        $parts = @()
        foreach ($key in $Value.Keys) {
            $parts += $inner + (ConvertTo-HvpJsonString ([string] $key)) + ': ' + (Write-HvpJson $Value[$key] $inner)
        }
        return "{`n" + ($parts -join ",`n") + "`n" + $Indent + '}'
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        $parts = @()
        foreach ($item in $Value) { $parts += $inner + (Write-HvpJson $item $inner) }
        if ($parts.Count -eq 0) { return '[]' }
        return "[`n" + ($parts -join ",`n") + "`n" + $Indent + ']'
    }
    return (ConvertTo-HvpJsonString ([string] $Value))
}

function New-HvpObject { return (New-Object System.Collections.Specialized.OrderedDictionary) }

# Runs a block; $null when it throws (the part stays unknown, the rest is still collected).  The
# result comes back as one object: a list stays a list even with one element (the unary comma
# keeps PowerShell from unrolling it into the pipeline).
function Get-OrNull([scriptblock] $Block) {
    try { $result = & $Block; return ,$result } catch { return $null }
}

# A registry value, or $null.
function Get-RegistryValue([string] $Path, [string] $Name) {
    $item = Get-ItemProperty -LiteralPath $Path -ErrorAction SilentlyContinue
    if ($null -eq $item) { return $null }
    $property = $item.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

# "yyyyMMdd" (Uninstall InstallDate) as ISO 8601 UTC, or $null.
function ConvertFrom-InstallDate($Text) {
    if ($null -eq $Text -or ([string] $Text) -notmatch '^\d{8}$') { return $null }
    return ([string] $Text).Substring(0, 4) + '-' + ([string] $Text).Substring(4, 2) + '-' + ([string] $Text).Substring(6, 2) + 'T00:00:00Z'
}

# ------------------------------------------------------------------------------------ the system
function Get-OsFacts {
    $os = Get-WmiObject -Class Win32_OperatingSystem
    $architecture = Get-OrNull { $os.OSArchitecture }   # not on Windows Server 2003
    if ($null -eq $architecture) {
        if ($env:PROCESSOR_ARCHITEW6432 -or $env:PROCESSOR_ARCHITECTURE -eq 'AMD64') { $architecture = '64-bit' }
        elseif ($env:PROCESSOR_ARCHITECTURE -eq 'x86') { $architecture = '32-bit' }
    }
    $facts = New-HvpObject
    $facts['name'] = [string] $os.Caption
    $facts['version'] = [string] $os.Version
    $facts['service_pack'] = [int] $os.ServicePackMajorVersion
    $facts['architecture'] = $architecture
    return $facts
}

# Add/Remove Programs (both registry views): DisplayName, DisplayVersion, InstallDate.
function Get-UninstallEntries {
    $entries = @()
    foreach ($root in @('HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall',
                        'HKLM:\SOFTWARE\Wow6432Node\Microsoft\Windows\CurrentVersion\Uninstall')) {
        foreach ($key in @(Get-ChildItem -LiteralPath $root -ErrorAction SilentlyContinue)) {
            $name = Get-RegistryValue $key.PSPath 'DisplayName'
            if ($name) { $entries += ,@([string] $name, (Get-RegistryValue $key.PSPath 'InstallDate')) }
        }
    }
    return $entries
}

# One product: present when an entry matches $Pattern; its service pack is the highest "Service
# Pack N" / "SPN" among the entries matching $ServicePackPattern, dated by that entry.
function Get-Product([string] $Name, [string] $Pattern, [string] $ServicePackPattern, $Entries, $KnownLevel) {
    $present = $false; $level = 0; $date = $null
    foreach ($entry in $Entries) {
        if ($entry[0] -match $Pattern) { $present = $true }
        if ($entry[0] -match $ServicePackPattern) {
            $present = $true
            if ([int] $matches[1] -ge $level) { $level = [int] $matches[1]; $date = ConvertFrom-InstallDate $entry[1] }
        }
    }
    if ($null -ne $KnownLevel) { $present = $true; if ($KnownLevel -gt $level) { $level = $KnownLevel } }
    if (-not $present) { return $null }
    $product = New-HvpObject
    $product['name'] = $Name
    $product['service_pack'] = $level
    $product['installed_utc'] = $date
    return $product
}

# MSXML 6.0's service pack from msxml6.dll's file version: 6.0 RTM, 6.10 SP1, 6.20 SP2, 6.30 SP3.
function Get-MsxmlProduct {
    $file = Join-Path $env:windir 'system32\msxml6.dll'
    if (-not (Test-Path -LiteralPath $file)) { return $null }
    $version = (Get-Item -LiteralPath $file).VersionInfo
    $product = New-HvpObject
    $product['name'] = 'MSXML 6.0'
    $product['service_pack'] = [int] [Math]::Floor($version.FileMinorPart / 10)
    $product['installed_utc'] = $null
    return $product
}

function Get-ProductFacts([int] $OsServicePack) {
    $entries = @(Get-UninstallEntries)
    $products = @()
    $products += Get-Product 'Windows Small Business Server 2003' 'Small Business Server 2003' 'Small Business Server 2003.*(?:Service Pack |SP)(\d)' $entries $null
    $products += Get-Product 'Windows Server 2003' '^$' 'Windows Server 2003.*Service Pack (\d)' $entries $(if ((Get-WmiObject Win32_OperatingSystem).Version -like '5.2.*') { $OsServicePack } else { $null })
    $products += Get-Product 'Microsoft Exchange Server 2003' 'Exchange Server 2003' 'Exchange Server 2003.*(?:Service Pack |SP)(\d)' $entries $null
    $products += Get-Product 'Windows SharePoint Services 2.0' 'SharePoint Services 2\.0' 'SharePoint Services 2\.0.*(?:Service Pack |SP)(\d)' $entries $null
    $products += Get-Product 'Windows Server Update Services 3.0' 'Windows Server Update Services 3\.0' 'Windows Server Update Services 3\.0 SP(\d)' $entries $null
    $products += Get-MsxmlProduct
    return @($products | Where-Object { $null -ne $_ })
}

# ------------------------------------------------------------------------------------- the clock
# The reference's offset from this clock, in seconds, from the last line of
# "w32tm /stripchart /computer:REF /samples:1 /dataonly" ("12:00:01, +00.0123456s").
function Measure-ClockOffset([string] $Reference) {
    $lines = @(& w32tm /stripchart "/computer:$Reference" /samples:1 /dataonly 2>$null)
    foreach ($line in $lines) {
        if ($line -match ',\s*([+-]?\d+(?:[.,]\d+)?)s\s*$') {
            return [double]::Parse(($matches[1] -replace ',', '.'), [Globalization.CultureInfo]::InvariantCulture)
        }
    }
    return $null
}

function Get-ClockFacts([string] $Reference) {
    $zone = Get-WmiObject -Class Win32_TimeZone
    $parameters = 'HKLM:\SYSTEM\CurrentControlSet\Services\W32Time\Parameters'
    $source = Get-RegistryValue $parameters 'NtpServer'
    $type = Get-RegistryValue $parameters 'Type'
    if (-not $Reference -and $source -and $type -ne 'NT5DS') { $Reference = (([string] $source) -split '[ ,]')[0] }
    $facts = New-HvpObject
    $facts['time_zone'] = [string] $zone.StandardName
    $facts['utc_offset_minutes'] = [int] [TimeZone]::CurrentTimeZone.GetUtcOffset((Get-Date)).TotalMinutes
    $facts['time_source'] = $(if ($type -eq 'NT5DS') { 'domain hierarchy (NT5DS)' } elseif ($source) { [string] $source } else { $null })
    $facts['reference'] = $null
    $facts['offset_seconds'] = $null
    if ($Reference) {
        $offset = Get-OrNull { Measure-ClockOffset $Reference }
        if ($null -ne $offset) { $facts['reference'] = $Reference; $facts['offset_seconds'] = $offset }
    }
    return $facts
}

# ----------------------------------------------------------------------------------- the network
function Read-NetworkFacts {
    $adapters = @()
    foreach ($config in @(Get-WmiObject -Class Win32_NetworkAdapterConfiguration -Filter 'IPEnabled = True')) {
        $adapter = Get-WmiObject -Class Win32_NetworkAdapter -Filter ('Index = ' + $config.Index)
        $facts = New-HvpObject
        $facts['name'] = $(if ($adapter -and $adapter.NetConnectionID) { [string] $adapter.NetConnectionID } else { [string] $config.Description })
        # NetConnectionStatus 2 = Connected (Win32_NetworkAdapter).
        $facts['connected'] = $(if ($adapter -and $null -ne $adapter.NetConnectionStatus) { [int] $adapter.NetConnectionStatus -eq 2 } else { $null })
        $facts['addresses'] = @($config.IPAddress | Where-Object { $_ -match '^\d+\.\d+\.\d+\.\d+$' } | ForEach-Object { [string] $_ })
        $facts['gateways'] = @($config.DefaultIPGateway | Where-Object { $_ -match '^\d+\.\d+\.\d+\.\d+$' } | ForEach-Object { [string] $_ })
        $adapters += ,$facts
    }
    $dhcp = Get-Service -Name DHCPServer -ErrorAction SilentlyContinue
    $rras = Get-Service -Name RemoteAccess -ErrorAction SilentlyContinue
    $network = New-HvpObject
    $network['adapters'] = $adapters
    $network['dhcp_server_running'] = $(if ($dhcp) { $dhcp.Status -eq 'Running' } else { $false })
    # The SBS VPN wizards turn VPN off by stopping Routing and Remote Access.
    $network['vpn_enabled'] = $(if ($rras) { $rras.Status -eq 'Running' } else { $false })
    return $network
}

# ------------------------------------------------------------------------------- the account
function Get-AccountFacts {
    $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
    $groups = @()
    foreach ($sid in $identity.Groups) {
        $name = Get-OrNull { $sid.Translate([Security.Principal.NTAccount]).Value }
        if ($name) { $groups += [string] $name }
    }
    $facts = New-HvpObject
    $facts['name'] = [string] $identity.Name
    $facts['groups'] = $groups
    return $facts
}

function Read-VolumeFacts {
    $volumes = @()
    foreach ($disk in @(Get-WmiObject -Class Win32_LogicalDisk -Filter 'DriveType = 3')) {
        $volume = New-HvpObject
        $volume['name'] = [string] $disk.DeviceID
        $volume['size_bytes'] = [long] $disk.Size
        $volume['free_bytes'] = [long] $disk.FreeSpace
        $volumes += ,$volume
    }
    return $volumes
}

# ---------------------------------------------------------------------------------------- WSUS
# The members of a local group, "DOMAIN\name" (ADSI WinNT provider).
function Read-LocalGroupMembers([string] $Group) {
    $members = @()
    $adsi = [ADSI] ('WinNT://' + $env:COMPUTERNAME + '/' + $Group + ',group')
    foreach ($member in @($adsi.psbase.Invoke('Members'))) {
        $path = [string] $member.GetType().InvokeMember('ADsPath', 'GetProperty', $null, $member, $null)
        $members += (($path -replace '^WinNT://', '') -replace '/', '\')
    }
    return $members
}

# The size of every file under $Folder, in bytes.
function Measure-FolderBytes([string] $Folder) {
    $total = [long] 0
    foreach ($item in @(Get-ChildItem -LiteralPath $Folder -Recurse -Force -ErrorAction SilentlyContinue)) {
        if (-not $item.PSIsContainer) { $total += [long] $item.Length }
    }
    return $total
}

function Get-WsusFacts {
    $setup = 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup'
    if (-not (Test-Path -LiteralPath $setup)) { return $null }
    $content = Get-RegistryValue $setup 'ContentDir'
    $sqlServer = [string] (Get-RegistryValue $setup 'SqlServerName')
    $wid = $sqlServer -match 'MICROSOFT##(SSEE|WID)'
    $facts = New-HvpObject
    $facts['content_folder'] = $(if ($content) { [string] $content } else { $null })
    $facts['content_bytes'] = $(if ($content) { Get-OrNull { Measure-FolderBytes (Join-Path $content 'WsusContent') } } else { $null })
    $facts['stores_updates_locally'] = $null
    $facts['database'] = $(if ($sqlServer) { if ($wid) { 'wid' } else { 'sql' } } else { $null })
    $facts['susdb_bytes'] = $null
    if ($wid) {
        $folders = @((Join-Path $env:windir 'WID\Data'), (Join-Path $env:windir 'SYSMSI\SSEE\MSSQL.2005\MSSQL\Data'))
        $files = @($folders | ForEach-Object { Get-ChildItem -Path (Join-Path $_ 'SUSDB*') -ErrorAction SilentlyContinue })
        if ($files.Count -gt 0) { $facts['susdb_bytes'] = [long] ($files | Measure-Object -Property Length -Sum).Sum }
    }
    $facts['administrators'] = Get-OrNull { ,@(Read-LocalGroupMembers 'WSUS Administrators') }
    $facts['reporters'] = Get-OrNull { ,@(Read-LocalGroupMembers 'WSUS Reporters') }
    $facts['downstream_servers'] = $null
    $facts['client_computers'] = $null
    $facts['smtp_configured'] = $null
    $facts['code_signing_certificate'] = Get-OrNull { @(Get-ChildItem -Path 'cert:\LocalMachine\WSUS' -ErrorAction Stop).Count -gt 0 }
    Add-WsusServerFacts $facts
    return $facts
}

# What only the WSUS administration API knows (Microsoft.UpdateServices.Administration, installed
# with the WSUS console): where updates are stored, downstream servers, clients, e-mail.
function Add-WsusServerFacts($Facts) {
    $assembly = [Reflection.Assembly]::LoadWithPartialName('Microsoft.UpdateServices.Administration')
    if ($null -eq $assembly) { return }
    $server = Get-OrNull { [Microsoft.UpdateServices.Administration.AdminProxy]::GetUpdateServer() }
    if ($null -eq $server) { return }
    $Facts['stores_updates_locally'] = Get-OrNull { -not $server.GetConfiguration().HostBinariesOnMicrosoftUpdate }
    $Facts['downstream_servers'] = Get-OrNull { ,@($server.GetDownstreamServers() | ForEach-Object { [string] $_.FullDomainName }) }
    $Facts['client_computers'] = Get-OrNull { [long] $server.GetComputerTargetCount() }
    $Facts['smtp_configured'] = Get-OrNull { [bool] $server.GetEmailNotificationConfiguration().SmtpHostName }
}

# ---------------------------------------------------------------------------------------- main
$document = New-HvpObject
$document['schema'] = 'hvplan-server/1'
$document['collected_utc'] = (Get-Date).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [Globalization.CultureInfo]::InvariantCulture)
$document['computer'] = [string] $env:COMPUTERNAME
$document['powershell_version'] = ('{0}.{1}' -f $PSVersionTable.PSVersion.Major, $PSVersionTable.PSVersion.Minor)
$document['os'] = Get-OrNull { Get-OsFacts }
$servicePack = $(if ($document['os']) { [int] $document['os']['service_pack'] } else { 0 })
$document['products'] = Get-OrNull { ,@(Get-ProductFacts $servicePack) }
$document['clock'] = Get-OrNull { Get-ClockFacts $ClockReference }
$document['network'] = Get-OrNull { Read-NetworkFacts }
$document['account'] = Get-OrNull { Get-AccountFacts }
# No documented place records the Migration Preparation Tool's last successful run: the answers
# file gives its date (README.md beside this script).
$document['migration_preparation'] = $null
$document['volumes'] = Get-OrNull { ,@(Read-VolumeFacts) }
$document['wsus'] = Get-OrNull { Get-WsusFacts }

[IO.File]::WriteAllText($OutFile, (Write-HvpJson $document) + "`n", (New-Object System.Text.UTF8Encoding($false)))
Write-Host ('hvplan: wrote ' + $OutFile)
