/// The playbook library compiled into `remediate` (`remediate --list` prints it; `--playbook
/// FILE` replaces it). Controls follow the Automated Security Response on AWS mapping; every
/// `cli` is a real AWS CLI operation and every `automation` an SSM runbook of that name.
enum BuiltInPlaybooks {
    static let yaml = #"""
playbooks:
  # ---- Amazon S3 ----
  - name: s3-account-block-public-access
    match: {$or: [{Compliance: {SecurityControlId: [S3.1]}}, {ProductFields: {ControlId: [S3.1]}}]}
    action:
      cli: s3control put-public-access-block
      parameters:
        --account-id: {from: AwsAccountId, as: account-id}
        --public-access-block-configuration: BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
    risk: disruptive
    notes: Account-wide S3 Block Public Access; breaks buckets that are public on purpose (static sites).
  - name: s3-bucket-block-public-access
    match: {$or: [{Compliance: {SecurityControlId: [S3.8]}}, {ProductFields: {ControlId: [S3.8]}}], Resources: {Type: [AwsS3Bucket]}}
    action:
      cli: s3api put-public-access-block
      parameters:
        --bucket: {from: "Resources[0].Id", take: arn-name, as: s3-bucket}
        --public-access-block-configuration: BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
    risk: low
    notes: Turns on all four Block Public Access settings of the bucket.
  - name: s3-bucket-public-read-write
    match: {$or: [{Compliance: {SecurityControlId: [S3.2, S3.3]}}, {ProductFields: {ControlId: [S3.2, S3.3]}}], Resources: {Type: [AwsS3Bucket]}}
    action:
      cli: s3api put-public-access-block
      parameters:
        --bucket: {from: "Resources[0].Id", take: arn-name, as: s3-bucket}
        --public-access-block-configuration: BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
    risk: disruptive
    notes: The bucket is readable or writable by anyone right now; blocking public access stops whoever relies on it.
  - name: s3-bucket-default-encryption
    match: {$or: [{Compliance: {SecurityControlId: [S3.4]}}, {ProductFields: {ControlId: [S3.4]}}], Resources: {Type: [AwsS3Bucket]}}
    action:
      cli: s3api put-bucket-encryption
      parameters:
        --bucket: {from: "Resources[0].Id", take: arn-name, as: s3-bucket}
        --server-side-encryption-configuration: '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"},"BucketKeyEnabled":true}]}'
    risk: low
    notes: SSE-S3 default encryption for new objects.
  - name: s3-bucket-ssl-only
    match: {$or: [{Compliance: {SecurityControlId: [S3.5]}}, {ProductFields: {ControlId: [S3.5]}}], Resources: {Type: [AwsS3Bucket]}}
    action:
      automation: AWSConfigRemediation-RestrictBucketSSLRequestsOnly
      parameters:
        BucketName: {from: "Resources[0].Id", take: arn-name, as: s3-bucket}
        AutomationAssumeRole: {var: automation-role, as: iam-role-arn}
    risk: low
    notes: Adds a bucket policy statement denying requests without TLS (aws:SecureTransport false).
  # ---- Amazon EC2 and VPC ----
  - name: ec2-snapshot-block-public-access
    match: {$or: [{Compliance: {SecurityControlId: [EC2.1]}}, {ProductFields: {ControlId: [EC2.1]}}]}
    action:
      cli: ec2 enable-snapshot-block-public-access
      parameters:
        --state: block-all-sharing
    risk: disruptive
    notes: Region-wide block of public EBS snapshot sharing; existing public snapshots become private.
  - name: ec2-default-security-group-close
    match: {$or: [{Compliance: {SecurityControlId: [EC2.2]}}, {ProductFields: {ControlId: [EC2.2]}}], Resources: {Type: [AwsEc2SecurityGroup]}}
    action:
      automation: AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules
      parameters:
        GroupId: {from: "Resources[0].Id", take: arn-name, as: security-group-id}
        AutomationAssumeRole: {var: automation-role, as: iam-role-arn}
    risk: disruptive
    notes: Removes every rule of the VPC's default security group; instances still using it lose traffic.
  - name: ec2-ebs-encryption-by-default
    match: {$or: [{Compliance: {SecurityControlId: [EC2.7]}}, {ProductFields: {ControlId: [EC2.7]}}]}
    action:
      cli: ec2 enable-ebs-encryption-by-default
    risk: low
    notes: New EBS volumes in the Region are encrypted; existing volumes are unchanged.
  - name: ec2-require-imdsv2
    match: {$or: [{Compliance: {SecurityControlId: [EC2.8]}}, {ProductFields: {ControlId: [EC2.8]}}], Resources: {Type: [AwsEc2Instance]}}
    action:
      cli: ec2 modify-instance-metadata-options
      parameters:
        --instance-id: {from: "Resources[0].Id", take: arn-name, as: instance-id}
        --http-tokens: required
        --http-endpoint: enabled
    risk: disruptive
    notes: Software still using IMDSv1 on the instance loses instance metadata and credentials.
  - name: ec2-revoke-public-ssh
    match: {$or: [{Compliance: {SecurityControlId: [EC2.13]}}, {ProductFields: {ControlId: [EC2.13]}}], Resources: {Type: [AwsEc2SecurityGroup]}}
    action:
      cli: ec2 revoke-security-group-ingress
      parameters:
        --group-id: {from: "Resources[0].Id", take: arn-name, as: security-group-id}
        --protocol: tcp
        --port: 22
        --cidr: 0.0.0.0/0
    risk: low
    notes: Removes the IPv4 rule allowing SSH (tcp/22) from anywhere.
  - name: ec2-revoke-public-rdp
    match: {$or: [{Compliance: {SecurityControlId: [EC2.14]}}, {ProductFields: {ControlId: [EC2.14]}}], Resources: {Type: [AwsEc2SecurityGroup]}}
    action:
      cli: ec2 revoke-security-group-ingress
      parameters:
        --group-id: {from: "Resources[0].Id", take: arn-name, as: security-group-id}
        --protocol: tcp
        --port: 3389
        --cidr: 0.0.0.0/0
    risk: low
    notes: Removes the IPv4 rule allowing RDP (tcp/3389) from anywhere.
  - name: ec2-revoke-unrestricted-ingress
    match: {$or: [{Compliance: {SecurityControlId: [EC2.18, EC2.19]}}, {ProductFields: {ControlId: [EC2.18, EC2.19]}}], Resources: {Type: [AwsEc2SecurityGroup]}}
    action:
      automation: AWSConfigRemediation-RemoveUnrestrictedSourceIngressRules
      parameters:
        SecurityGroupId: {from: "Resources[0].Id", take: arn-name, as: security-group-id}
        AutomationAssumeRole: {var: automation-role, as: iam-role-arn}
    risk: disruptive
    notes: Removes every ingress rule open to 0.0.0.0/0 or ::/0, including intentionally public ports.
  - name: ec2-subnet-no-public-ip
    match: {$or: [{Compliance: {SecurityControlId: [EC2.15]}}, {ProductFields: {ControlId: [EC2.15]}}], Resources: {Type: [AwsEc2Subnet]}}
    action:
      cli: ec2 modify-subnet-attribute
      parameters:
        --subnet-id: {from: "Resources[0].Id", take: arn-name, as: subnet-id}
        --no-map-public-ip-on-launch: true
    risk: low
    notes: New network interfaces in the subnet stop getting public IPv4 addresses.
  - name: ec2-transit-gateway-no-auto-accept
    match: {$or: [{Compliance: {SecurityControlId: [EC2.23]}}, {ProductFields: {ControlId: [EC2.23]}}], Resources: {Type: [AwsEc2TransitGateway]}}
    action:
      cli: ec2 modify-transit-gateway
      parameters:
        --transit-gateway-id: {from: "Resources[0].Id", take: arn-name, as: transit-gateway-id}
        --options: AutoAcceptSharedAttachments=disable
    risk: low
    notes: Shared attachment requests need explicit acceptance from now on.
  # ---- AWS CloudTrail, AWS Config, Amazon GuardDuty, Amazon Macie ----
  - name: cloudtrail-enable
    match: {$or: [{Compliance: {SecurityControlId: [CloudTrail.1]}}, {ProductFields: {ControlId: [CloudTrail.1]}}]}
    action:
      automation: ASR-CreateCloudTrailMultiRegionTrail
      parameters:
        AutomationAssumeRole: {var: automation-role, as: iam-role-arn}
    risk: low
    notes: Runbook of the Automated Security Response on AWS member stack; creates a KMS-encrypted multi-Region trail with its own bucket.
  - name: cloudtrail-kms-encryption
    match: {$or: [{Compliance: {SecurityControlId: [CloudTrail.2]}}, {ProductFields: {ControlId: [CloudTrail.2]}}], Resources: {Type: [AwsCloudTrailTrail]}}
    action:
      cli: cloudtrail update-trail
      parameters:
        --name: {from: "Resources[0].Id", take: arn-name, as: trail-name}
        --kms-key-id: {var: cloudtrail-kms-key, as: kms-key-id}
    risk: low
    notes: SSE-KMS for log files with the key named by --var cloudtrail-kms-key (its policy must allow CloudTrail).
  - name: cloudtrail-log-file-validation
    match: {$or: [{Compliance: {SecurityControlId: [CloudTrail.4]}}, {ProductFields: {ControlId: [CloudTrail.4]}}], Resources: {Type: [AwsCloudTrailTrail]}}
    action:
      cli: cloudtrail update-trail
      parameters:
        --name: {from: "Resources[0].Id", take: arn-name, as: trail-name}
        --enable-log-file-validation: true
    risk: low
    notes: CloudTrail writes signed digest files from now on.
  - name: config-start-recorder
    match: {$or: [{Compliance: {SecurityControlId: [Config.1]}}, {ProductFields: {ControlId: [Config.1]}}]}
    action:
      cli: configservice start-configuration-recorder
      parameters:
        --configuration-recorder-name: default
    risk: low
    notes: Starts the recorder named 'default' (the console's name); a Region without a recorder needs one created first.
  - name: guardduty-enable
    match: {$or: [{Compliance: {SecurityControlId: [GuardDuty.1]}}, {ProductFields: {ControlId: [GuardDuty.1]}}]}
    action:
      cli: guardduty create-detector
      parameters:
        --enable: true
    risk: low
    notes: Creates and enables a GuardDuty detector in the finding's Region.
  - name: macie-enable
    match: {$or: [{Compliance: {SecurityControlId: [Macie.1]}}, {ProductFields: {ControlId: [Macie.1]}}]}
    action:
      cli: macie2 enable-macie
      parameters:
        --status: ENABLED
    risk: low
    notes: Enables Amazon Macie in the finding's Region (charges apply).
  # ---- IAM and KMS ----
  - name: iam-deactivate-unrotated-key
    match: {$or: [{Compliance: {SecurityControlId: [IAM.3]}}, {ProductFields: {ControlId: [IAM.3]}}], Resources: {Type: [AwsIamAccessKey]}}
    action:
      cli: iam update-access-key
      parameters:
        --user-name: {from: "Resources[0].Details.AwsIamAccessKey.PrincipalName", as: iam-user-name}
        --access-key-id: {from: "Resources[0].Details.AwsIamAccessKey.AccessKeyId", as: access-key-id}
        --status: Inactive
    risk: disruptive
    notes: Whatever still signs with the key stops working; the key is deactivated, not deleted.
  - name: iam-revoke-unrotated-keys
    match: {$or: [{Compliance: {SecurityControlId: [IAM.3]}}, {ProductFields: {ControlId: [IAM.3]}}], Resources: {Type: [AwsIamUser]}}
    action:
      automation: ASR-RevokeUnrotatedKeys
      parameters:
        IAMResourceId: {from: "Resources[0].Details.AwsIamUser.UserId", as: iam-user-id}
        MaxCredentialUsageAge: "90"
        AutomationAssumeRole: {var: automation-role, as: iam-role-arn}
    risk: disruptive
    notes: Runbook of the Automated Security Response on AWS member stack; deactivates the user's keys older than 90 days.
  - name: iam-revoke-unused-credentials
    match: {$or: [{Compliance: {SecurityControlId: [IAM.8]}}, {ProductFields: {ControlId: [IAM.8]}}], Resources: {Type: [AwsIamUser]}}
    action:
      automation: AWSConfigRemediation-RevokeUnusedIAMUserCredentials
      parameters:
        IAMResourceId: {from: "Resources[0].Details.AwsIamUser.UserId", as: iam-user-id}
        MaxCredentialUsageAge: "90"
        AutomationAssumeRole: {var: automation-role, as: iam-role-arn}
    risk: disruptive
    notes: Deactivates passwords and access keys unused for 90 days.
  - name: kms-enable-key-rotation
    match: {$or: [{Compliance: {SecurityControlId: [KMS.4]}}, {ProductFields: {ControlId: [KMS.4]}}], Resources: {Type: [AwsKmsKey]}}
    action:
      cli: kms enable-key-rotation
      parameters:
        --key-id: {from: "Resources[0].Id", take: arn-name, as: kms-key-id}
    risk: low
    notes: Yearly automatic rotation of the key material; old material still decrypts.
  # ---- Lambda, RDS, Redshift, DynamoDB, ECR ----
  - name: lambda-remove-public-access
    match: {$or: [{Compliance: {SecurityControlId: [Lambda.1]}}, {ProductFields: {ControlId: [Lambda.1]}}], Resources: {Type: [AwsLambdaFunction]}}
    action:
      automation: ASR-RemoveLambdaPublicAccess
      parameters:
        FunctionName: {from: "Resources[0].Id", take: arn-name, as: lambda-function-name}
        AutomationAssumeRole: {var: automation-role, as: iam-role-arn}
    risk: disruptive
    notes: Runbook of the Automated Security Response on AWS member stack; removes resource-policy statements allowing '*'.
  - name: rds-snapshot-private
    match: {$or: [{Compliance: {SecurityControlId: [RDS.1]}}, {ProductFields: {ControlId: [RDS.1]}}], Resources: {Type: [AwsRdsDbSnapshot]}}
    action:
      cli: rds modify-db-snapshot-attribute
      parameters:
        --db-snapshot-identifier: {from: "Resources[0].Id", take: arn-name, as: rds-identifier}
        --attribute-name: restore
        --values-to-remove: all
    risk: low
    notes: Removes the 'all' restore permission from the manual snapshot.
  - name: rds-no-public-access
    match: {$or: [{Compliance: {SecurityControlId: [RDS.2]}}, {ProductFields: {ControlId: [RDS.2]}}], Resources: {Type: [AwsRdsDbInstance]}}
    action:
      cli: rds modify-db-instance
      parameters:
        --db-instance-identifier: {from: "Resources[0].Id", take: arn-name, as: rds-identifier}
        --no-publicly-accessible: true
        --apply-immediately: true
    risk: disruptive
    notes: Clients connecting over the public endpoint lose access.
  - name: rds-cluster-deletion-protection
    match: {$or: [{Compliance: {SecurityControlId: [RDS.7]}}, {ProductFields: {ControlId: [RDS.7]}}], Resources: {Type: [AwsRdsDbCluster]}}
    action:
      cli: rds modify-db-cluster
      parameters:
        --db-cluster-identifier: {from: "Resources[0].Id", take: arn-name, as: rds-identifier}
        --deletion-protection: true
        --apply-immediately: true
    risk: low
    notes: The cluster cannot be deleted until protection is turned off.
  - name: rds-instance-deletion-protection
    match: {$or: [{Compliance: {SecurityControlId: [RDS.8]}}, {ProductFields: {ControlId: [RDS.8]}}], Resources: {Type: [AwsRdsDbInstance]}}
    action:
      cli: rds modify-db-instance
      parameters:
        --db-instance-identifier: {from: "Resources[0].Id", take: arn-name, as: rds-identifier}
        --deletion-protection: true
        --apply-immediately: true
    risk: low
    notes: The instance cannot be deleted until protection is turned off.
  - name: redshift-no-public-access
    match: {$or: [{Compliance: {SecurityControlId: [Redshift.1]}}, {ProductFields: {ControlId: [Redshift.1]}}], Resources: {Type: [AwsRedshiftCluster]}}
    action:
      cli: redshift modify-cluster
      parameters:
        --cluster-identifier: {from: "Resources[0].Id", take: arn-name, as: redshift-cluster-id}
        --no-publicly-accessible: true
    risk: disruptive
    notes: Clients connecting over the public endpoint lose access.
  - name: dynamodb-deletion-protection
    match: {$or: [{Compliance: {SecurityControlId: [DynamoDB.6]}}, {ProductFields: {ControlId: [DynamoDB.6]}}], Resources: {Type: [AwsDynamoDbTable]}}
    action:
      cli: dynamodb update-table
      parameters:
        --table-name: {from: "Resources[0].Id", take: arn-name, as: dynamodb-table-name}
        --deletion-protection-enabled: true
    risk: low
    notes: The table cannot be deleted until protection is turned off.
  - name: ecr-scan-on-push
    match: {$or: [{Compliance: {SecurityControlId: [ECR.1]}}, {ProductFields: {ControlId: [ECR.1]}}], Resources: {Type: [AwsEcrRepository]}}
    action:
      cli: ecr put-image-scanning-configuration
      parameters:
        --repository-name: {from: "Resources[0].Id", take: arn-name, as: ecr-repository-name}
        --image-scanning-configuration: scanOnPush=true
    risk: low
    notes: Images are scanned for vulnerabilities when pushed.
  # ---- Systems Manager, Secrets Manager ----
  - name: ssm-document-private
    match: {$or: [{Compliance: {SecurityControlId: [SSM.4]}}, {ProductFields: {ControlId: [SSM.4]}}], Resources: {Type: [AwsSsmDocument, Other]}}
    action:
      cli: ssm modify-document-permission
      parameters:
        --name: {from: "Resources[0].Id", take: arn-name, as: ssm-document-name}
        --permission-type: Share
        --account-ids-to-remove: All
    risk: low
    notes: Stops sharing the document publicly; explicit account shares stay.
  - name: ssm-block-public-document-sharing
    match: {$or: [{Compliance: {SecurityControlId: [SSM.7]}}, {ProductFields: {ControlId: [SSM.7]}}]}
    action:
      cli: ssm update-service-setting
      parameters:
        --setting-id: /ssm/documents/console/public-sharing-permission
        --setting-value: Disable
    risk: low
    notes: Account-level block of public sharing of SSM documents in the Region.
  - name: secretsmanager-rotate
    match: {$or: [{Compliance: {SecurityControlId: [SecretsManager.1]}}, {ProductFields: {ControlId: [SecretsManager.1]}}], Resources: {Type: [AwsSecretsManagerSecret]}}
    action:
      cli: secretsmanager rotate-secret
      parameters:
        --secret-id: {from: "Resources[0].Id", as: arn}
    risk: disruptive
    notes: Rotates now with the secret's configured rotation function; clients caching the old value must refresh.
  # ---- GuardDuty threat findings ----
  - name: guardduty-ec2-forensic-snapshot
    match:
      ProductArn: [{suffix: /aws/guardduty}]
      Resources: {Type: [AwsEc2Instance]}
      Types: [{wildcard: "*Backdoor:EC2-*"}, {wildcard: "*CryptoCurrency:EC2-*"}, {wildcard: "*Trojan:EC2-*"}, {wildcard: "*Impact:EC2-*"}, {suffix: /UnauthorizedAccess:EC2-TorClient}, {suffix: /UnauthorizedAccess:EC2-MetadataDNSRebind}]
    action:
      cli: ec2 create-snapshots
      parameters:
        --instance-specification: {from: "Resources[0].Id", take: arn-name, as: instance-id, prefix: InstanceId=}
        --description: Forensic snapshot before isolation (GuardDuty finding)
        --copy-tags-from-source: volume
    risk: low
    notes: Crash-consistent snapshots of every EBS volume of the instance, taken before it is isolated.
  - name: guardduty-ec2-isolate
    match:
      ProductArn: [{suffix: /aws/guardduty}]
      Resources: {Type: [AwsEc2Instance]}
      Types: [{wildcard: "*Backdoor:EC2-*"}, {wildcard: "*CryptoCurrency:EC2-*"}, {wildcard: "*Trojan:EC2-*"}, {wildcard: "*Impact:EC2-*"}, {suffix: /UnauthorizedAccess:EC2-TorClient}, {suffix: /UnauthorizedAccess:EC2-MetadataDNSRebind}]
    action:
      cli: ec2 modify-instance-attribute
      parameters:
        --instance-id: {from: "Resources[0].Id", take: arn-name, as: instance-id}
        --groups: {var: isolation-security-group, as: security-group-id}
    risk: disruptive
    notes: Replaces all security groups of the instance with the isolation group named by --var isolation-security-group.
  - name: guardduty-iam-deactivate-access-key
    match:
      ProductArn: [{suffix: /aws/guardduty}]
      Resources: {Type: [AwsIamAccessKey], Details: {AwsIamAccessKey: {AccessKeyId: [{prefix: AKIA}]}}}
      Types: [{wildcard: "*/UnauthorizedAccess:IAMUser-InstanceCredentialExfiltration*"}, {wildcard: "*/CredentialAccess:IAMUser-*"}, {wildcard: "*/UnauthorizedAccess:IAMUser-MaliciousIPCaller*"}, {suffix: /UnauthorizedAccess:IAMUser-TorIPCaller}]
    action:
      cli: iam update-access-key
      parameters:
        --user-name: {from: "Resources[0].Details.AwsIamAccessKey.PrincipalName", as: iam-user-name}
        --access-key-id: {from: "Resources[0].Details.AwsIamAccessKey.AccessKeyId", as: access-key-id}
        --status: Inactive
    risk: disruptive
    notes: Deactivates the long-term key GuardDuty saw misused; role session credentials (ASIA...) need their sessions revoked instead.
  - name: guardduty-s3-restore-bucket-block-public-access
    match:
      ProductArn: [{suffix: /aws/guardduty}]
      Resources: {Type: [AwsS3Bucket]}
      Types: [{suffix: /Policy:S3-BucketBlockPublicAccessDisabled}]
    action:
      cli: s3api put-public-access-block
      parameters:
        --bucket: {from: "Resources[0].Id", take: arn-name, as: s3-bucket}
        --public-access-block-configuration: BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
    risk: low
    notes: Turns the bucket's Block Public Access settings back on.
  - name: guardduty-s3-restore-account-block-public-access
    match:
      ProductArn: [{suffix: /aws/guardduty}]
      Types: [{suffix: /Policy:S3-AccountBlockPublicAccessDisabled}]
    action:
      cli: s3control put-public-access-block
      parameters:
        --account-id: {from: AwsAccountId, as: account-id}
        --public-access-block-configuration: BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
    risk: disruptive
    notes: Turns account-wide Block Public Access back on.
"""#
}
