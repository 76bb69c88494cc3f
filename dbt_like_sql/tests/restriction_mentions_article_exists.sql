-- Every row of restriction_mentions points to an existing article.
select *
from restriction_mentions
where not exists (
    select 1 from articles where articles.article_id = restriction_mentions.article_id
)
