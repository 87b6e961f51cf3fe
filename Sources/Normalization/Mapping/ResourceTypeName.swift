/// ASFF resource type names for CloudFormation-style type names (`AWS::S3::Bucket`), as
/// Security Hub names them: `Aws` + service + resource with the separators removed
/// (`AwsS3Bucket`, `AwsIamRole`, `AwsEc2SecurityGroup`). Types ASFF spells differently are
/// listed; anything that is not an `AWS::` type becomes `Other`.
enum ResourceTypeName {
    private static let exceptions: [String: String] = [
        "AWS::::Account": "AwsAccount",
        "AWS::Account": "AwsAccount",
        "AWS::ElasticLoadBalancingV2::LoadBalancer": "AwsElbv2LoadBalancer",
        "AWS::ElasticLoadBalancing::LoadBalancer": "AwsElbLoadBalancer",
        "AWS::Elasticsearch::Domain": "AwsElasticsearchDomain",
        "AWS::OpenSearch::Domain": "AwsOpenSearchServiceDomain",
        "AWS::SecretsManager::Secret": "AwsSecretsManagerSecret",
        "AWS::CertificateManager::Certificate": "AwsCertificateManagerCertificate",
        "AWS::ApiGateway::Stage": "AwsApiGatewayStage",
        "AWS::EC2::EIP": "AwsEc2Eip",
        "AWS::EC2::VPC": "AwsEc2Vpc",
        "AWS::DynamoDB::Table": "AwsDynamoDbTable",
        "AWS::RDS::DBInstance": "AwsRdsDbInstance",
        "AWS::RDS::DBCluster": "AwsRdsDbCluster",
        "AWS::RDS::DBSnapshot": "AwsRdsDbSnapshot",
        "AWS::RDS::DBClusterSnapshot": "AwsRdsDbClusterSnapshot",
        "AWS::KMS::Key": "AwsKmsKey",
        "AWS::SQS::Queue": "AwsSqsQueue",
        "AWS::SNS::Topic": "AwsSnsTopic",
    ]

    static func asff(_ type: String) -> String {
        if let exception = exceptions[type] { return exception }
        let parts = type.split(separator: ":", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0] == "AWS" else { return "Other" }
        return "Aws" + capitalizedService(parts[1]) + parts[2]
    }

    /// `EC2` -> `Ec2`, `IAM` -> `Iam`, `Lambda` -> `Lambda`: acronyms become capitalised words.
    private static func capitalizedService(_ service: Substring) -> String {
        guard service.allSatisfy({ $0.isUppercase || $0.isNumber }) else { return String(service) }
        return service.prefix(1) + service.dropFirst().lowercased()
    }
}
